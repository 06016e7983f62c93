"""The editor's edits: what each changes, which weights it keeps by unit id, what it refuses."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest

from nnsim.core.experiment import DataSpec, Experiment, InvalidExperimentError, LayerSpec
from nnsim.core.messages import QT_TRANSLATE_NOOP, Message, localize
from nnsim.core.trainer import Trainer
from nnsim.core.units import fresh_network
from nnsim.model import edits as E
from nnsim.model.edits import Edit, EditRefused


def trained(exp: Experiment, steps: int = 60) -> tuple[Experiment, E.Units]:
    """``exp`` carrying weights after some training (as on screen) and its ids."""
    t = Trainer(exp)
    t.step(steps)
    return t.to_experiment(), t.units


def hidden(*widths: int, activation: str = "tanh") -> Experiment:
    return replace(Experiment(), hidden=tuple(LayerSpec(w, activation) for w in widths))


def W(exp: Experiment, i: int) -> np.ndarray:
    assert exp.weights is not None
    return exp.weights.W[i]


def B(exp: Experiment, i: int) -> np.ndarray:
    assert exp.weights is not None
    return exp.weights.b[i]


def fresh(exp: Experiment):
    return fresh_network(replace(exp, weights=None))


# --------------------------------------------------------------------------- layers


def test_insert_in_the_middle_keeps_the_outer_layers_weights() -> None:
    exp, units = trained(hidden(4, 2))
    edit = E.insert_layer(exp, units, 1, width=3, activation="relu")
    after = edit.after
    assert after.hidden == (LayerSpec(4, "tanh"), LayerSpec(3, "relu"), LayerSpec(2, "tanh"))
    assert edit.text == "Insert hidden layer 2"
    assert edit.change == "architecture"
    assert edit.before is exp
    np.testing.assert_array_equal(W(after, 0), W(exp, 0))
    np.testing.assert_array_equal(W(after, 3), W(exp, 2))
    np.testing.assert_array_equal(B(after, 0), B(exp, 0))
    np.testing.assert_array_equal(B(after, 2), B(exp, 1))
    np.testing.assert_array_equal(B(after, 3), B(exp, 2))
    # The links around the new layer start from the new architecture's seeded init.
    init = fresh(after)
    np.testing.assert_array_equal(W(after, 1), init.weights[1])
    np.testing.assert_array_equal(W(after, 2), init.weights[2])
    np.testing.assert_array_equal(B(after, 1), init.biases[1])
    assert after.step == exp.step
    # New ids, never used before; the other columns keep theirs.
    assert edit.units_after[1] == units[1] and edit.units_after[3:] == units[2:]
    assert min(edit.units_after[2]) >= units.next_id


def test_insert_uses_the_neighbours_activation_by_default() -> None:
    exp, units = trained(hidden(4, 2, activation="relu"))
    assert E.insert_layer(exp, units, 0).after.hidden[0] == LayerSpec(4, "relu")
    empty = replace(Experiment(), hidden=())
    assert E.insert_layer(empty, ((0, 1), (100,)), 0).after.hidden == (LayerSpec(4, "tanh"),)


def test_an_edit_without_weights_starts_from_the_seeded_ones() -> None:
    exp = Experiment()
    edit = E.insert_layer(exp, E.default_units(exp), 2, width=2)
    init = fresh(exp)
    np.testing.assert_array_equal(W(edit.before, 1), init.weights[1])
    np.testing.assert_array_equal(W(edit.after, 1), init.weights[1])


def test_remove_layer_joins_its_neighbours_with_new_links() -> None:
    exp, units = trained(hidden(4, 3, 2))
    edit = E.remove_layer(exp, units, 1)
    after = edit.after
    assert after.layer_sizes == [2, 4, 2, 1]
    np.testing.assert_array_equal(W(after, 0), W(exp, 0))
    np.testing.assert_array_equal(W(after, 2), W(exp, 3))
    np.testing.assert_array_equal(B(after, 1), B(exp, 2))
    np.testing.assert_array_equal(W(after, 1), fresh(after).weights[1])
    assert edit.units_after == (units[0], units[1], units[3], units[4])
    assert edit.text == "Remove hidden layer 2"


def test_removed_ids_are_never_handed_out_again() -> None:
    exp, units = trained(hidden(4, 2))
    removed = E.remove_layer(exp, units, 1)
    again = E.insert_layer(removed.after, removed.units_after, 1, width=2)
    old_ids = {u for col in units for u in col}
    assert not old_ids & set(again.units_after[2])


def test_move_layer_keeps_the_layer_and_its_biases() -> None:
    exp, units = trained(hidden(4, 3, activation="relu"))
    exp = replace(exp, hidden=(LayerSpec(4, "relu"), LayerSpec(3, "tanh")))
    edit = E.move_layer(exp, units, 0, 1)
    after = edit.after
    assert after.hidden == (LayerSpec(3, "tanh"), LayerSpec(4, "relu"))
    assert edit.units_after == (units[0], units[2], units[1], units[3])
    np.testing.assert_array_equal(B(after, 0), B(exp, 1))
    np.testing.assert_array_equal(B(after, 1), B(exp, 0))
    np.testing.assert_array_equal(B(after, 2), B(exp, 2))
    # Every link now joins a different pair of layers: all start from the seeded init.
    init = fresh(after)
    for i in range(3):
        np.testing.assert_array_equal(W(after, i), init.weights[i])
    assert E.move_layer(exp, units, 1, 1).is_noop


def test_move_layer_over_three_keeps_links_between_layers_that_stay_adjacent() -> None:
    exp, units = trained(hidden(4, 3, 2))
    edit = E.move_layer(exp, units, 0, 2)  # (4, 3, 2) -> (3, 2, 4)
    after = edit.after
    assert [h.width for h in after.hidden] == [3, 2, 4]
    np.testing.assert_array_equal(W(after, 1), W(exp, 2))  # 3 -> 2 still adjacent


# --------------------------------------------------------------------------- neurons


def test_set_width_adds_and_removes_neurons_at_the_end() -> None:
    exp, units = trained(hidden(4, 2))
    grow = E.set_width(exp, units, 1, 4)
    after = grow.after
    assert after.layer_sizes == [2, 4, 4, 1]
    np.testing.assert_array_equal(W(after, 1)[:, :2], W(exp, 1))
    np.testing.assert_array_equal(W(after, 2)[:2], W(exp, 2))
    np.testing.assert_array_equal(B(after, 1)[:2], B(exp, 1))
    init = fresh(after)
    np.testing.assert_array_equal(W(after, 1)[:, 2:], init.weights[1][:, 2:])
    np.testing.assert_array_equal(W(after, 2)[2:], init.weights[2][2:])
    assert grow.units_after[2][:2] == units[2]
    assert grow.text == "Hidden layer 2: 4 neurons"

    shrink = E.set_width(exp, units, 0, 1)
    np.testing.assert_array_equal(W(shrink.after, 0), W(exp, 0)[:, :1])
    np.testing.assert_array_equal(W(shrink.after, 1), W(exp, 1)[:1])
    assert E.set_width(exp, units, 0, 4).is_noop


def test_remove_neuron_keeps_every_other_neurons_weights() -> None:
    exp, units = trained(hidden(4, 2))
    edit = E.remove_neuron(exp, units, 0, 1)
    after = edit.after
    assert after.layer_sizes == [2, 3, 2, 1]
    np.testing.assert_array_equal(W(after, 0), np.delete(W(exp, 0), 1, axis=1))
    np.testing.assert_array_equal(B(after, 0), np.delete(B(exp, 0), 1))
    np.testing.assert_array_equal(W(after, 1), np.delete(W(exp, 1), 1, axis=0))
    np.testing.assert_array_equal(W(after, 2), W(exp, 2))
    assert edit.units_after[1] == (units[1][0], *units[1][2:])
    assert edit.text == "Remove neuron 2 of hidden layer 1"


def test_set_activation_keeps_every_weight() -> None:
    exp, units = trained(hidden(4, 2))
    edit = E.set_activation(exp, units, 1, "relu")
    assert edit.after.hidden[1].activation == "relu"
    assert edit.after.weights == exp.weights
    assert edit.units_after == units
    assert edit.text == "Hidden layer 2: ReLU"
    assert E.set_activation(exp, units, 0, "tanh").is_noop


def test_output_activation_needs_a_loss_that_accepts_it() -> None:
    exp = replace(Experiment(), hyper=replace(Experiment().hyper, loss="mse"))
    units = E.default_units(exp)
    edit = E.set_activation(exp, units, 2, "tanh")
    assert edit.after.output_activation == "tanh"
    with pytest.raises(EditRefused, match="cross-entropy"):
        E.set_activation(Experiment(), E.default_units(Experiment()), 2, "relu")


# --------------------------------------------------------------------------- features


def test_toggle_feature_keeps_the_other_inputs_weights_and_its_id() -> None:
    exp, units = trained(hidden(4, 2))
    on = E.toggle_feature(exp, units, "x1_sq")
    assert on.after.features == ("x1", "x2", "x1_sq")
    assert on.units_after[0] == (0, 1, 2)
    assert on.change == "features"
    np.testing.assert_array_equal(W(on.after, 0)[:2], W(exp, 0))
    np.testing.assert_array_equal(W(on.after, 0)[2], fresh(on.after).weights[0][2])
    np.testing.assert_array_equal(W(on.after, 1), W(exp, 1))

    off = E.toggle_feature(exp, units, "x1")
    assert off.after.features == ("x2",)
    assert off.units_after[0] == (1,)
    np.testing.assert_array_equal(W(off.after, 0), W(exp, 0)[1:])
    back = E.toggle_feature(off.after, off.units_after, "x1")
    assert back.after.features == ("x1", "x2")
    assert back.units_after == units  # x1 gets its old id back
    assert off.text == "Feature x₁ off" and back.text == "Feature x₁ on"


# --------------------------------------------------------------------------- numbers


def test_set_weight_changes_exactly_one_number() -> None:
    exp, units = trained(hidden(4, 2))
    edit = E.set_weight(exp, units, 1, 3, 0, 0.75)
    assert edit.change == "weights"
    assert edit.units_after == units
    for i in range(3):
        diff = np.argwhere(W(edit.after, i) != W(exp, i))
        assert diff.tolist() == ([[3, 0]] if i == 1 else [])
        np.testing.assert_array_equal(B(edit.after, i), B(exp, i))
    assert W(edit.after, 1)[3, 0] == 0.75
    links, biases = edit.edited_parameters
    assert links == {(units[1][3], units[2][0])} and biases == frozenset()
    carry = edit.carry()
    assert carry.pinned_weights == links and carry.prefer == "auto"
    assert carry.fallback is edit.after.weights and carry.units == units
    assert edit.carry(undo=True).fallback is exp.weights
    same = E.set_weight(exp, units, 1, 3, 0, float(W(exp, 1)[3, 0]))
    assert same.is_noop


def test_set_bias_changes_exactly_one_number() -> None:
    exp, units = trained(hidden(4, 2))
    edit = E.set_bias(exp, units, 2, 0, -1.5)
    assert B(edit.after, 2)[0] == -1.5
    assert np.count_nonzero(np.concatenate([B(edit.after, i) != B(exp, i) for i in range(3)])) == 1
    for i in range(3):
        np.testing.assert_array_equal(W(edit.after, i), W(exp, i))
    assert edit.edited_parameters == (frozenset(), frozenset({units[3][0]}))


def test_edits_are_deterministic() -> None:
    exp, units = trained(hidden(4, 2))
    a = E.insert_layer(exp, units, 2, width=5)
    b = E.insert_layer(exp, units, 2, width=5)
    assert a.after == b.after and a.units_after == b.units_after


def test_then_merges_two_edits() -> None:
    exp, units = trained(hidden(4, 2))
    first = E.set_weight(exp, units, 0, 0, 0, 1.0)
    second = E.set_weight(first.after, first.units_after, 0, 0, 0, 2.0)
    both = first.then(second)
    assert both.before is exp and both.after is second.after
    assert both.text == first.text
    assert both.edited_parameters[0] == {(units[0][0], units[1][0])}


def test_panel_edits_set_the_layer_count_and_all_widths() -> None:
    exp, units = trained(hidden(4, 2))
    more = E.set_layer_count(exp, units, 4)
    assert more.after.hidden == (LayerSpec(4), LayerSpec(2), LayerSpec(2), LayerSpec(2))
    np.testing.assert_array_equal(W(more.after, 1), W(exp, 1))
    fewer = E.set_layer_count(exp, units, 1)
    assert fewer.after.layer_sizes == [2, 4, 1]
    np.testing.assert_array_equal(W(fewer.after, 0), W(exp, 0))
    wide = E.set_all_widths(exp, units, 6)
    assert wide.after.layer_sizes == [2, 6, 6, 1]
    np.testing.assert_array_equal(W(wide.after, 1)[:4, :2], W(exp, 1))


# --------------------------------------------------------------------------- refusals


def _full() -> tuple[Experiment, E.Units]:
    exp = hidden(*([2] * 10))
    return exp, E.default_units(exp)


REFUSALS = {
    "eleventh layer": (lambda: E.insert_layer(*_full(), 3), "at most 10 hidden layers"),
    "layer of 0": (lambda: E.insert_layer(*_d(), 0, width=0), "at least one neuron"),
    "layer of 17": (lambda: E.insert_layer(*_d(), 0, width=17), "at most 16 neurons"),
    "insert past the output": (lambda: E.insert_layer(*_d(), 3), "between the inputs"),
    "softmax hidden layer": (
        lambda: E.insert_layer(*_d(), 0, activation="softmax"), "cannot be used in a hidden"
    ),
    "remove the output": (lambda: E.remove_layer(*_d(), 2), "output layer cannot be removed"),
    "remove the inputs": (lambda: E.remove_layer(*_d(), -1), "inputs cannot be removed"),
    "move the output": (lambda: E.move_layer(*_d(), 2, 0), "output stays last"),
    "move onto the output": (lambda: E.move_layer(*_d(), 0, 2), "output stays last"),
    "move the inputs": (lambda: E.move_layer(*_d(), -1, 1), "inputs stay first"),
    "width 17": (lambda: E.set_width(*_d(), 0, 17), "at most 16 neurons"),
    "width 0": (lambda: E.set_width(*_d(), 0, 0), "at least one neuron"),
    "resize the output": (lambda: E.set_width(*_d(), 2, 3), "size is fixed"),
    "resize the inputs": (lambda: E.set_width(*_d(), -1, 3), "features on or off"),
    "last neuron": (lambda: E.remove_neuron(*_one(), 0, 0), "remove the layer instead"),
    "no such neuron": (lambda: E.remove_neuron(*_d(), 0, 4), "has no neuron 5"),
    "neuron of the output": (lambda: E.remove_neuron(*_d(), 2, 0), "cannot be removed"),
    "activation of the inputs": (lambda: E.set_activation(*_d(), -1, "relu"), "no activation"),
    "unknown activation": (lambda: E.set_activation(*_d(), 0, "swish"), "Unknown activation"),
    "softmax hidden": (lambda: E.set_activation(*_d(), 0, "softmax"), "output layer"),
    "last feature": (lambda: E.toggle_feature(*_only_x1(), "x1"), "at least one input"),
    "2-D feature on 1-D data": (lambda: E.toggle_feature(*_sine(), "x2"), "needs 2-D data"),
    "unknown feature": (lambda: E.toggle_feature(*_d(), "x3"), "Unknown input feature"),
    "NaN weight": (lambda: E.set_weight(*_d(), 0, 0, 0, float("nan")), "finite"),
    "infinite bias": (lambda: E.set_bias(*_d(), 0, 0, float("inf")), "finite"),
    "text weight": (lambda: E.set_weight(*_d(), 0, 0, 0, "big"), "must be a number"),
    "no such link": (lambda: E.set_weight(*_d(), 0, 2, 0, 1.0), "no link"),
    "no such weight layer": (lambda: E.set_weight(*_d(), 3, 0, 0, 1.0), "no weight layer"),
    "no such bias": (lambda: E.set_bias(*_d(), 1, 2, 1.0), "no such bias"),
    "eleven layers from the panel": (lambda: E.set_layer_count(*_d(), 11), "0 to 10"),
    "panel width 17": (lambda: E.set_all_widths(*_d(), 17), "at most 16"),
}


def _d() -> tuple[Experiment, E.Units]:
    return Experiment(), E.default_units(Experiment())


def _one() -> tuple[Experiment, E.Units]:
    exp = hidden(1, 2)
    return exp, E.default_units(exp)


def _only_x1() -> tuple[Experiment, E.Units]:
    exp = replace(Experiment(), features=("x1",))
    return exp, E.default_units(exp)


def _sine() -> tuple[Experiment, E.Units]:
    exp = replace(
        Experiment(),
        data=DataSpec(dataset="sine"),
        features=("x1",),
        output_activation="linear",
        hyper=replace(Experiment().hyper, loss="mse"),
    )
    return exp, E.default_units(exp)


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_gesture_that_breaks_a_limit_is_refused_with_a_reason(case: str) -> None:
    make, words = REFUSALS[case]
    with pytest.raises(EditRefused) as info:
        make()
    assert words.lower() in info.value.reason.lower()
    assert info.value.reason[0].isupper() and info.value.reason.endswith(".")


def test_ids_that_do_not_describe_the_experiment_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="layer sizes"):
        E.insert_layer(Experiment(), ((0, 1), (100,), (101,)), 0)


def test_edit_is_an_immutable_record() -> None:
    exp, units = trained(hidden(4, 2))
    edit = E.remove_layer(exp, units, 0)
    assert isinstance(edit, Edit)
    with pytest.raises(AttributeError):
        edit.text = "x"  # type: ignore[misc]
    assert "remove_layer" in repr(edit)


# --------------------------------------------------------------------------- the model's ids


def test_the_model_tracks_ids_through_every_change() -> None:
    from nnsim.model import ExperimentModel

    model = ExperimentModel(hidden(4, 2))
    first = model.experiment
    assert model.units == E.default_units(first)
    # A change that does not say which unit is which keeps ids by position.
    narrow = replace(first, hidden=(LayerSpec(2), LayerSpec(2)))
    model.set_experiment(narrow)
    assert model.units[1] == E.default_units(first)[1][:2]
    wide = replace(first, hidden=(LayerSpec(5), LayerSpec(2)))
    model.set_experiment(wide)
    assert not set(model.units[1][2:]) & set(E.default_units(first)[1])  # fresh, not reused
    # Undo hands back the same document object: it gets back its very own ids.
    model.set_experiment(first)
    assert model.units == E.default_units(first)
    assert model.units.next_id > E.default_units(first).next_id


def test_an_edit_sets_the_ids_it_made_and_ids_only_grow() -> None:
    from nnsim.model import ExperimentModel

    model = ExperimentModel(hidden(4, 2))
    start = model.units
    edit = E.insert_layer(model.experiment, model.units, 0, width=3)
    model.set_experiment(edit.after, edit.change, units=edit.units_after, carry=edit.carry())
    assert model.units == edit.units_after
    assert model.carry.fallback is edit.after.weights
    model.set_experiment(edit.before, edit.change, units=start, carry=edit.carry(undo=True))
    assert model.units == start
    assert model.units.next_id == edit.units_after.next_id  # the inserted ids stay used
    with pytest.raises(ValueError, match="layer sizes"):
        model.set_experiment(edit.after, units=start)
    with pytest.raises(ValueError, match="carry"):
        model.set_experiment(edit.after, units=edit.units_after, carry=edit.carry(undo=True))


# --------------------------------------------------------------------------- translation


def _korean(table: dict[tuple[str, str], str]):
    def translate(context: str, text: str) -> str:
        return table.get((context, text), "")

    return translate


def test_refusals_and_undo_texts_are_translatable_templates() -> None:
    exp, units = Experiment(), E.default_units(Experiment())
    with pytest.raises(EditRefused) as info:
        E.remove_layer(exp, units, 5)
    reason = info.value.reason
    assert reason == "There is no hidden layer 6." and info.value.message is reason
    assert isinstance(reason, Message) and reason.context == "Edits"
    assert (reason.template, dict(reason.kwargs)) == ("There is no hidden layer {n}.", {"n": 6})
    ko = _korean({("Edits", "There is no hidden layer {n}."): "은닉층 {n}이(가) 없습니다."})
    assert localize(reason, ko) == "은닉층 6이(가) 없습니다."

    with pytest.raises(EditRefused) as info:
        E.set_activation(exp, units, 2, "relu")
    assert str(info.value) == (
        "Binary cross-entropy cannot be used with a ReLU output; choose another loss first."
    )
    ko = _korean(
        {
            ("Edits", "{loss} cannot be used with a {activation} output; choose another loss "
             "first."):
            "{loss} 손실은 {activation} 출력에 쓸 수 없습니다. 먼저 다른 손실을 고르세요.",
            ("Losses", "Binary cross-entropy"): "이진 교차 엔트로피",
        }
    )
    assert localize(info.value.reason, ko) == (
        "이진 교차 엔트로피 손실은 ReLU 출력에 쓸 수 없습니다. 먼저 다른 손실을 고르세요."
    )

    edit = E.set_width(exp, units, 1, 5)
    assert edit.text == "Hidden layer 2: 5 neurons" and isinstance(edit.text, Message)
    ko = _korean({("Edits", "Hidden layer {n}: {width} neurons"): "은닉층 {n}: 뉴런 {width}개"})
    assert localize(edit.text, ko) == "은닉층 2: 뉴런 5개"
    weight = E.set_weight(exp, units, 1, 0, 1, 0.25)
    assert weight.text == "Weight neuron 1 of layer 1 → neuron 2 of layer 2 = 0.25"
    ko = _korean(
        {
            ("Edits", "Weight {src} → {dst} = {value:.3g}"): "가중치 {src} → {dst} = {value:.3g}",
            ("Edits", "neuron {n} of layer {layer}"): "층 {layer}의 뉴런 {n}",
        }
    )
    assert localize(weight.text, ko) == "가중치 층 1의 뉴런 1 → 층 2의 뉴런 2 = 0.25"


def test_a_refusal_from_validation_reads_as_a_sentence_and_still_translates() -> None:
    exc = InvalidExperimentError(
        "hidden[0].width",
        QT_TRANSLATE_NOOP("Experiment", "must be between {lo} and {hi}, got {value}").format(
            lo=1, hi=16, value=17
        ),
    )
    sentence = E.refusal_sentence(exc)
    assert sentence == "Must be between 1 and 16, got 17."
    assert isinstance(sentence, Message) and sentence.template == exc.reason.template
    ko = _korean(
        {
            ("Experiment", "must be between {lo} and {hi}, got {value}"):
            "{lo}에서 {hi} 사이여야 합니다. 입력값: {value}",
        }
    )
    assert localize(sentence, ko) == "1에서 16 사이여야 합니다. 입력값: 17"
    assert localize(pickle.loads(pickle.dumps(sentence)), ko) == localize(sentence, ko)
    assert E.refusal_sentence(InvalidExperimentError("x", "plain words")) == "Plain words."
