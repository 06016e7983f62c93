"""Trainer edits by unit id: stable ids, UnitCarry, weights set by hand."""

from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np
import pytest

from nnsim.core.experiment import Experiment, LayerSpec, Weights
from nnsim.core.trainer import Trainer
from nnsim.core.units import (
    FIRST_UNIT_ID,
    UnitCarry,
    Units,
    check_units,
    default_units,
    fresh_network,
    overlay_by_units,
    reconcile_units,
)


def with_hidden(exp: Experiment, *widths: int, activation: str = "tanh") -> Experiment:
    return replace(exp, hidden=tuple(LayerSpec(w, activation) for w in widths))


def weights_of(t: Trainer) -> Weights:
    return Weights(tuple(t.network.weights), tuple(t.network.biases))


# --------------------------------------------------------------------------- ids


def test_default_ids_are_feature_indices_then_a_counter() -> None:
    units = default_units(Experiment())  # 2-4-2-1
    assert units == ((0, 1), (100, 101, 102, 103), (104, 105), (106,))
    assert units.next_id == 107
    assert units.sizes == (2, 4, 2, 1)
    # A feature's id is its registry index wherever it sits in the input column.
    other = replace(Experiment(), features=("x2", "x1x2"))
    assert default_units(other)[0] == (1, 4)


def test_units_remember_the_next_id_through_copies() -> None:
    units = Units(((0,), (100, 101), (102,)), next_id=150)
    assert units.next_id == 150
    assert copy.deepcopy(units).next_id == 150
    assert Units(units).next_id == 150
    assert Units(((0,), (100,), (120,))).next_id == 121
    assert Units(((0,),)).next_id == FIRST_UNIT_ID


def test_reconcile_keeps_ids_by_position_and_draws_fresh_ones() -> None:
    exp = Experiment()
    units = default_units(exp)
    wider = with_hidden(exp, 5, 1, 3)
    new = reconcile_units(units, wider)
    assert new[1] == (100, 101, 102, 103, 107)
    assert new[2] == (104,)
    assert new[3] == (108, 109, 110)
    assert new[4] == (106,)
    assert new.next_id == 111


def test_check_units_rejects_ids_that_do_not_describe_the_network() -> None:
    exp = Experiment()
    with pytest.raises(ValueError, match="layer sizes"):
        check_units(((0, 1), (100,), (104, 105), (106,)), exp)
    with pytest.raises(ValueError, match="feature ids"):
        check_units(((0, 2), (100, 101, 102, 103), (104, 105), (106,)), exp)
    with pytest.raises(ValueError, match="twice"):
        check_units(((0, 1), (100, 101, 102, 103), (104, 100), (106,)), exp)


def test_overlay_copies_exactly_the_links_both_networks_have() -> None:
    rng = np.random.default_rng(0)
    src_units = ((0, 1), (100, 101, 102), (103,))
    src_W = [rng.normal(size=(2, 3)), rng.normal(size=(3, 1))]
    src_b = [rng.normal(size=3), rng.normal(size=1)]
    # Neuron 101 removed, a new 200 appended, and feature 2 added.
    units = ((0, 1, 2), (100, 102, 200), (103,))
    W = [np.zeros((3, 3)), np.zeros((3, 1))]
    b = [np.zeros(3), np.zeros(1)]
    overlay_by_units(W, b, units, src_W, src_b, src_units)
    np.testing.assert_array_equal(W[0][:2, :2], src_W[0][:, [0, 2]])
    assert not W[0][2].any() and not W[0][:, 2].any()
    np.testing.assert_array_equal(W[1][:2], src_W[1][[0, 2]])
    assert W[1][2, 0] == 0
    np.testing.assert_array_equal(b[0][:2], src_b[0][[0, 2]])
    np.testing.assert_array_equal(b[1], src_b[1])

    # Restricted to one link and one bias.
    W2 = [np.zeros((3, 3)), np.zeros((3, 1))]
    b2 = [np.zeros(3), np.zeros(1)]
    overlay_by_units(W2, b2, units, src_W, src_b, src_units, links={(1, 102)}, bias_units={103})
    assert W2[0][1, 1] == src_W[0][1, 2]
    assert np.count_nonzero(W2[0]) == 1 and not W2[1].any()
    assert b2[1][0] == src_b[1][0] and not b2[0].any()


# --------------------------------------------------------------------------- carry


def _remove_column(units: Units, column: int) -> Units:
    cols = list(units)
    del cols[column]
    return Units(cols, units.next_id)


def test_removing_a_layer_keeps_the_links_that_survive() -> None:
    exp = with_hidden(Experiment(), 4, 3, 2)  # 2-4-3-2-1
    t = Trainer(exp)
    t.step(100)
    old = [w.copy() for w in t.network.weights]
    old_b = [b.copy() for b in t.network.biases]
    smaller = with_hidden(exp, 4, 2)
    units = _remove_column(t.units, 2)
    t.apply(smaller, carry=UnitCarry(units))
    net = t.network
    assert net.layer_sizes == [2, 4, 2, 1]
    assert t.units == units
    np.testing.assert_array_equal(net.weights[0], old[0])
    np.testing.assert_array_equal(net.weights[2], old[3])
    np.testing.assert_array_equal(net.biases[1], old_b[2])
    # The link from layer 1 to the old layer 3 never existed: seeded init.
    np.testing.assert_array_equal(net.weights[1], fresh_network(smaller).weights[1])
    assert t.step_count == 100
    assert list(t.history.arrays().marks) == [100]
    t.step(5)


def test_a_layer_brought_back_while_training_has_its_stored_weights() -> None:
    exp = with_hidden(Experiment(), 4, 3, 2)
    t = Trainer(exp)
    t.step(100)
    stored = weights_of(t)
    full_units = t.units
    t.apply(with_hidden(exp, 4, 2), carry=UnitCarry(_remove_column(full_units, 2)))
    t.step(200)
    live_first = t.network.weights[0].copy()
    t.apply(exp, carry=UnitCarry(full_units, fallback=stored, prefer="live"))
    net = t.network
    assert net.layer_sizes == [2, 4, 3, 2, 1]
    # The removed layer returns with the weights it had when it was removed ...
    np.testing.assert_array_equal(net.weights[1], stored.W[1])
    np.testing.assert_array_equal(net.weights[2], stored.W[2])
    np.testing.assert_array_equal(net.biases[1], stored.b[1])
    # ... and the layers that kept training keep what they learnt since.
    np.testing.assert_array_equal(net.weights[0], live_first)
    assert not np.array_equal(net.weights[0], stored.W[0])


def test_prefer_stored_loads_the_fallback_exactly() -> None:
    exp = Experiment()
    t = Trainer(exp)
    t.step(50)
    stored = weights_of(t)
    t.step(50)
    t.apply(exp, carry=UnitCarry(t.units, fallback=stored, prefer="stored"))
    for i in range(3):
        np.testing.assert_array_equal(t.network.weights[i], stored.W[i])
        np.testing.assert_array_equal(t.network.biases[i], stored.b[i])


def test_a_pinned_weight_wins_over_training_and_keeps_the_optimizer() -> None:
    exp = replace(Experiment(), hyper=replace(Experiment().hyper, optimizer="momentum"))
    t = Trainer(exp)
    t.step(30)
    net, opt, run = t.network, t.optimizer, t.run_id
    velocity = opt.velocity.copy()
    before = t.network.params.copy()
    W = [w.copy() for w in net.weights]
    W[1][2, 0] = 1.25
    stored = Weights(tuple(W), tuple(net.biases))
    src, dst = t.units[1][2], t.units[2][0]
    t.apply(exp, carry=UnitCarry(t.units, fallback=stored, pinned_weights={(src, dst)}))
    assert t.network is net and t.optimizer is opt and t.run_id == run
    np.testing.assert_array_equal(opt.velocity, velocity)  # momentum is not restarted
    changed = np.flatnonzero(t.network.params != before)
    assert changed.size == 1
    assert t.network.weights[1][2, 0] == 1.25
    assert len(t.history.arrays().marks) == 0  # no edit line for a number set by hand


def test_a_carry_without_changes_touches_nothing() -> None:
    exp = Experiment()
    t = Trainer(exp)
    t.step(20)
    before = t.network.params.copy()
    t.apply(replace(exp, hyper=replace(exp.hyper, learning_rate=0.1)), carry=UnitCarry(t.units))
    np.testing.assert_array_equal(t.network.params, before)
    assert len(t.history.arrays().marks) == 0


def test_moving_a_layer_keeps_its_biases_and_remaps_the_history() -> None:
    exp = with_hidden(Experiment(), 4, 3)
    t = Trainer(exp)
    t.step(40)
    old_b = [b.copy() for b in t.network.biases]
    grad_hist = t.history.arrays().grad_norm.copy()
    cols = list(t.units)
    cols[1], cols[2] = cols[2], cols[1]
    moved = with_hidden(exp, 3, 4)
    t.apply(moved, carry=UnitCarry(Units(cols, t.units.next_id)))
    np.testing.assert_array_equal(t.network.biases[0], old_b[1])
    np.testing.assert_array_equal(t.network.biases[1], old_b[0])
    np.testing.assert_array_equal(t.network.biases[2], old_b[2])
    fresh = fresh_network(moved)
    np.testing.assert_array_equal(t.network.weights[0], fresh.weights[0])
    # The curves follow the layers' output units: new layer 0 is old layer 1.
    g = t.history.arrays().grad_norm
    np.testing.assert_array_equal(g[:, 0], grad_hist[:, 1])
    np.testing.assert_array_equal(g[:, 1], grad_hist[:, 0])
    np.testing.assert_array_equal(g[:, 2], grad_hist[:, 2])


def test_feature_weights_follow_the_feature_ids() -> None:
    exp = Experiment()
    t = Trainer(exp)
    t.step(30)
    old = t.network.weights[0].copy()
    more = replace(exp, features=("x1", "x2", "x1x2"))
    units = Units([(0, 1, 4), *t.units[1:]], t.units.next_id)
    t.apply(more, carry=UnitCarry(units))
    np.testing.assert_array_equal(t.network.weights[0][:2], old)
    fewer = replace(exp, features=("x2",))
    t.apply(fewer, carry=UnitCarry(Units([(1,), *t.units[1:]], t.units.next_id)))
    np.testing.assert_array_equal(t.network.weights[0][0], old[1])


def test_a_carry_that_does_not_fit_is_refused() -> None:
    t = Trainer(Experiment())
    with pytest.raises(ValueError, match="auto"):
        t.apply(Experiment(), carry=UnitCarry(t.units, prefer="auto"))
    with pytest.raises(ValueError, match="layer sizes"):
        t.apply(with_hidden(Experiment(), 3), carry=UnitCarry(t.units))
    with pytest.raises(ValueError, match="fallback"):
        UnitCarry(t.units, fallback=Weights((np.zeros((2, 2)),), (np.zeros(2),)))
    with pytest.raises(ValueError, match="prefer"):
        UnitCarry(t.units, prefer="newest")
    assert UnitCarry(t.units, prefer="auto").resolved(playing=True).prefer == "live"
    assert UnitCarry(t.units, prefer="auto").resolved(playing=False).prefer == "stored"


def test_trainer_tracks_ids_through_plain_edits_and_a_new_seed() -> None:
    exp = Experiment()
    ids = Units(((0, 1), (300, 301, 302, 303), (304, 305), (306,)))
    t = Trainer(exp, units=ids)
    assert t.units == ids
    t.apply(with_hidden(exp, 4, 2, 3))  # no carry: ids by position
    assert t.units[:3] == ids[:3]
    assert t.units[3] == (307, 308, 309) and t.units[4] == (306,)
    t.step(10)
    seeded = replace(with_hidden(exp, 4, 2, 3), seed=4)
    t.apply(seeded, carry=UnitCarry(t.units))
    assert t.step_count == 0
    np.testing.assert_array_equal(t.network.params, fresh_network(seeded).params)
    t.reset()
    assert t.units[3] == (307, 308, 309)


def test_set_weight_and_bias_change_one_number_live() -> None:
    t = Trainer(Experiment())
    t.step(10)
    before = t.network.params.copy()
    loss = t.evaluate().train_loss
    t.set_weight(2, 1, 0, 4.0)
    t.set_bias(0, 3, -2.0)
    assert np.count_nonzero(t.network.params != before) == 2
    assert t.network.weights[2][1, 0] == 4.0 and t.network.biases[0][3] == -2.0
    assert t.evaluate().train_loss != loss
    with pytest.raises(IndexError):
        t.set_weight(3, 0, 0, 1.0)
    with pytest.raises(IndexError):
        t.set_weight(0, 2, 0, 1.0)
    with pytest.raises(IndexError):
        t.set_bias(0, -1, 1.0)
    with pytest.raises(ValueError):
        t.set_weight(0, 0, 0, float("nan"))
    t.step(5)  # keeps training from the values set by hand
