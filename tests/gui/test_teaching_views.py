"""The teaching views show the core's numbers: activations, collapse, weights, walkthrough."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest

from nnsim.core.activations import ACTIVATIONS
from nnsim.core.collapse import affine_formula, compose_affine
from nnsim.core.experiment import DataSpec, Experiment, Hyper, LayerSpec
from nnsim.core.features import feature_matrix
from nnsim.core.grid import grid_points
from nnsim.core.network import Network
from nnsim.core.samples import BATCH_STREAM
from nnsim.core.trainer import Trainer
from nnsim.core.walkthrough import format_number, neuron_equation
from nnsim.gui.editor.overlay import NeuronOverlay
from nnsim.gui.editor.view import NetworkView
from nnsim.gui.i18n import localize
from nnsim.gui.views.activation_view import ActivationView
from nnsim.gui.views.collapse_view import CollapseView, CompositionLab
from nnsim.gui.views.gradient_bars import GradientBars
from nnsim.gui.views.teaching import snapshot_network
from nnsim.gui.views.walkthrough_view import WalkthroughView
from nnsim.gui.views.weights_view import WeightsView
from nnsim.model import ExperimentModel
from nnsim.storage import load_lesson
from tests.gui.snapshot_factory import make_snapshot


def _grid_inputs(snap) -> np.ndarray:
    return feature_matrix(grid_points(snap.extent, 100, snap.dims), snap.features)


# --------------------------------------------------------------------------- activation


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_curves_are_the_registrys_fn_and_grad(qtbot, name: str) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    snap = make_snapshot(hidden=(5, 3), hidden_activation=name, seed=2)
    view.set_snapshot(snap)
    view.set_layer(1)
    z, f, g = view.curve_data()
    act = ACTIVATIONS[name]
    assert z.size > 100 and z.min() < 0 < z.max()
    np.testing.assert_array_equal(f, act.fn(z))
    np.testing.assert_array_equal(g, act.grad(z, act.fn(z)))
    assert view.stats is not None and view.stats.layer == 1 and view.stats.activation == name
    # The histogram holds every pre-activation of the layer on the training set.
    edges, counts = view.histogram()
    assert counts.sum() == snap.x_train.shape[0] * 3
    assert edges.size == counts.size + 1


def test_sigmoid_max_slope_is_annotated_as_a_quarter(qtbot) -> None:
    view = ActivationView()
    qtbot.addWidget(view)
    view.set_snapshot(make_snapshot(hidden=(4,), hidden_activation="sigmoid"))
    view.ensure_current()
    assert view.stats is not None
    assert view.stats.max_grad == 0.25 and view.stats.z_at_max == 0.0
    assert view.max_label.textItem.toPlainText() == "max f′ = 0.25"
    text = view.stats_label.text()
    assert "Saturated" in text and "0.25" in text


def test_activation_view_reports_saturation_and_dead_units(qtbot) -> None:
    # Unit 0 of the ReLU layer has a bias far below anything the inputs can reach: dead.
    W = [np.array([[1.0, -0.5, 0.3], [0.2, 0.8, -1.0]]), np.ones((3, 1))]
    b = [np.array([-100.0, 0.0, 0.1]), np.zeros(1)]
    snap = make_snapshot(hidden=(3,), hidden_activation="relu", weights=W, biases=b)
    view = ActivationView()
    qtbot.addWidget(view)
    view.set_snapshot(snap)
    view.ensure_current()
    assert view.stats is not None
    assert view.stats.dead_units == 1 and view.stats.dead_frac == pytest.approx(1 / 3)
    assert "Dead: 1 of 3 units" in view.stats_label.text()

    # Sigmoid with big weights: the fraction of outputs within 0.01 of 0 or 1.
    big = make_snapshot(
        hidden=(4,),
        hidden_activation="sigmoid",
        seed=5,
        weights=[np.full((2, 4), 3.0), np.ones((4, 1))],
    )
    view.set_snapshot(big)
    view.set_layer(0)
    view.ensure_current()
    a = snapshot_network(big).forward_all(feature_matrix(big.x_train, big.features))[1][1]
    expected = np.mean((a <= 0.01) | (a >= 0.99))
    assert view.stats is not None and view.stats.sat_frac == pytest.approx(expected)
    assert 0.1 < expected < 1.0


# --------------------------------------------------------------------------- gradient bars


def test_vanishing_gradient_bars_at_step_0(qtbot) -> None:
    lesson = load_lesson("vanishing-gradient")
    assert lesson.compare is not None
    view = GradientBars()
    qtbot.addWidget(view)
    ratios = {}
    for exp in (lesson.experiment, lesson.compare):
        trainer = Trainer(exp)  # the same seed for both
        snap = trainer.snapshot(grid=10, thumb=4)
        assert snap.step == 0
        view.set_experiment(exp)
        view.set_snapshot(snap)
        norms = view.norms
        # The bars are the core's gradient norms on the training set, first layer first.
        X = feature_matrix(trainer.dataset.x_train, exp.features)
        Y = trainer.dataset.targets(trainer.dataset.y_train)
        _, grads = trainer.network.loss_and_gradients(X, Y, exp.hyper.loss)
        np.testing.assert_allclose(norms, [np.linalg.norm(dW) for dW, _ in grads], rtol=1e-12)
        np.testing.assert_allclose(view.bar_heights(), np.log10(norms), rtol=1e-12)
        ratios[exp.hidden[0].activation] = view.ratio
    assert ratios["sigmoid"] >= 100
    assert ratios["relu"] <= 10
    assert "Output ÷ layer 1" in view.header.text()


def test_gradient_bars_follow_the_layer_colours(qtbot) -> None:
    from nnsim.gui.colors import layer_color

    view = GradientBars()
    qtbot.addWidget(view)
    view.set_snapshot(make_snapshot(hidden=(4, 3, 2)))
    view.ensure_current()
    brushes = view.bars.opts["brushes"]
    assert [b.color() for b in brushes] == [layer_color(i) for i in range(4)]


# --------------------------------------------------------------------------- collapse


def _collapse_lesson_snapshot(steps: int = 40):
    exp = load_lesson("linear-collapse").experiment
    trainer = Trainer(exp)
    trainer.step(steps)
    return exp, trainer.snapshot(grid=20, thumb=4)


def test_collapse_view_single_layer_reproduces_the_stack(qtbot) -> None:
    exp, snap = _collapse_lesson_snapshot()
    view = CollapseView()
    qtbot.addWidget(view)
    view.set_snapshot(snap)
    assert view.runs == [(0, 5)]
    r = view.current()
    assert r is not None
    X = _grid_inputs(snap)
    stack = snapshot_network(snap).forward(X)
    single = ACTIVATIONS["sigmoid"].fn(X @ r.W_eff + r.b_eff)
    assert r.W_eff.shape == (2, 1) and r.b_eff.shape == (1,)
    np.testing.assert_allclose(single, stack, rtol=0, atol=1e-10)
    assert r.max_diff < 1e-12 and r.grid == 100
    assert format_number(r.max_diff) in view.diff_label.text()
    np.testing.assert_array_equal(view.canvas.data.W, r.W_eff)


def test_collapse_view_finds_a_run_in_the_middle(qtbot) -> None:
    snap = make_snapshot(
        hidden=(4, 3, 5, 2), hidden_activation=("tanh", "linear", "linear", "relu"), seed=3
    )
    view = CollapseView()
    qtbot.addWidget(view)
    view.set_snapshot(snap)
    assert view.runs == [(1, 4)]
    r = view.current()
    assert r is not None and r.W_eff.shape == (4, 2)
    X = _grid_inputs(snap)
    _, acts = snapshot_network(snap).forward_all(X)
    np.testing.assert_allclose(
        np.maximum(acts[1] @ r.W_eff + r.b_eff, 0.0), acts[4], rtol=0, atol=1e-10
    )
    # No linear layer: nothing to collapse, the button is off.
    view.set_snapshot(make_snapshot(hidden=(3,), hidden_activation="tanh"))
    assert view.runs == [] and view.current() is None
    assert not view.button.isEnabled()


def test_collapse_edit_is_undoable_and_keeps_the_boundary(qtbot) -> None:
    from nnsim.gui.editor.commands import EditCommand
    from nnsim.model.collapse_edit import collapse_run

    exp, snap = _collapse_lesson_snapshot(steps=60)
    model = ExperimentModel(exp)
    stack = QUndoStack()
    view = CollapseView()
    qtbot.addWidget(view)
    view.set_snapshot(snap)
    requested = []
    view.collapse_requested.connect(lambda a, b: requested.append((a, b)))
    QTest.mouseClick(view.button, Qt.MouseButton.LeftButton)
    assert requested == [(0, 5)]

    # What the main window's request_edit does with the request: the edit starts from
    # the weights on screen and goes on the stack as one EditCommand.
    on_screen = exp.with_weights(snap.weights, snap.biases, snap.step)
    stack.push(EditCommand(model, collapse_run(on_screen, model.units, *requested[0])))
    collapsed = model.experiment
    assert collapsed.hidden == () and collapsed.layer_sizes == [2, 1]
    assert collapsed.weights is not None and collapsed.step == snap.step
    assert model.carry.fallback is collapsed.weights

    # The decision boundary after collapsing is that of the stack (to rounding).
    X = _grid_inputs(snap)
    old_net = snapshot_network(snap)
    new_net = Trainer(collapsed).network
    diff = np.max(np.abs(new_net.forward(X) - old_net.forward(X)))
    assert diff < 1e-12

    stack.undo()
    assert model.experiment is exp  # the document as it was
    # ... and the trainer is told to bring the run back with the weights it had.
    restored = model.carry.fallback
    assert restored is not None
    for W, sW in zip(restored.W, snap.weights, strict=True):
        np.testing.assert_array_equal(W, sW)
    stack.redo()
    assert model.experiment.layer_sizes == [2, 1]


# --------------------------------------------------------------------------- composition lab


def test_lab_shows_the_lectures_example_computed(qtbot) -> None:
    lab = CompositionLab()
    qtbot.addWidget(lab)
    lab.load_lecture_example()
    assert lab.maps() == [(2.0, 1.0), (-1.0, 1.0)]
    f = lambda x: 2 * x + 1  # noqa: E731 - the lecture's functions, written out
    g = lambda x: -x + 1  # noqa: E731
    assert lab.value() == g(f(10)) == -20
    assert lab.composition() == (-2.0, 0.0)
    assert lab.formula_label.text() == "h(x) = g(f(x)) = -2x"
    assert lab.value_label.text() == "h(10) = -20"
    assert lab.direct_values() == [21, -20]
    assert "f(10) = 21" in lab.steps_label.text() and "g(21) = -20" in lab.steps_label.text()


@pytest.mark.parametrize("seed", range(6))
def test_lab_composes_random_integer_chains_exactly(qtbot, seed: int) -> None:
    rng = np.random.default_rng(seed)
    lab = CompositionLab()
    qtbot.addWidget(lab)
    n = int(rng.integers(2, lab.MAX_FUNCTIONS + 1))
    while len(lab.rows) < n:
        assert lab.add_function()
    coeffs = [(int(a), int(b)) for a, b in rng.integers(-9, 10, size=(n, 2))]
    for i, (a, b) in enumerate(coeffs):
        a_box, b_box = lab.rows[i]
        a_box.setValue(a)  # through the editors, as a student types
        b_box.setValue(b)
    x = int(rng.integers(-20, 21))
    lab.x_box.setValue(x)
    # Exact integer arithmetic as reference.
    A, B = 1, 0
    value = x
    for a, b in coeffs:
        A, B = a * A, a * B + b
        value = a * value + b
    assert lab.composition() == (A, B)
    assert lab.value() == A * x + B == value == lab.direct_values()[-1]
    assert lab.formula_label.text().endswith(affine_formula(A, B))
    assert lab.value_label.text() == f"h({x}) = {value}"
    assert compose_affine(coeffs) == (A, B)


def test_lab_adds_and_removes_functions(qtbot) -> None:
    lab = CompositionLab()
    qtbot.addWidget(lab)
    assert len(lab.rows) == 2
    assert lab.add_function(3, -2)
    assert lab.formula_label.text() == "h(x) = p(g(f(x))) = -6x - 2"
    while lab.add_function():
        pass
    assert len(lab.rows) == lab.MAX_FUNCTIONS and not lab.add_button.isEnabled()
    while lab.remove_function():
        pass
    assert len(lab.rows) == 1 and not lab.remove_button.isEnabled()


# --------------------------------------------------------------------------- weights


def test_weights_view_shows_x_times_w_for_a_sample(qtbot) -> None:
    snap = make_snapshot(hidden=(4, 2), seed=4)
    view = WeightsView()
    qtbot.addWidget(view)
    view.resize(700, 420)
    view.show()
    qtbot.waitExposed(view)
    view.set_snapshot(snap)
    view.set_sample(7)
    data = view.canvas_data()
    assert data is not None
    np.testing.assert_array_equal(data.W, snap.weights[0])
    np.testing.assert_array_equal(data.b, snap.biases[0])
    x = feature_matrix(snap.x_train[7:8], snap.features)
    zs, acts = snapshot_network(snap).forward_all(x)
    np.testing.assert_array_equal(data.x, x[0])
    np.testing.assert_allclose(data.z, x[0] @ snap.weights[0] + snap.biases[0], rtol=1e-14)
    np.testing.assert_array_equal(data.z, zs[0][0])
    np.testing.assert_array_equal(data.a, acts[1][0])
    assert list(data.row_labels) == ["x₁", "x₂"]
    # The product in the lecture's row form: x (row) · W + b = z (row), then f(z).
    text = view.equation.text()
    assert text.startswith(f"x = [{format_number(x[0, 0])}  {format_number(x[0, 1])}] · W + b")
    assert f"z = [{'  '.join(format_number(v) for v in zs[0][0])}]" in text

    clicked = []
    view.column_clicked.connect(lambda layer, unit: clicked.append((layer, unit)))
    rect = view.canvas.cell_rect(1, 2)
    QTest.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert clicked == [(0, 2)]
    assert view.canvas.selected == 2
    view.ensure_current()
    eq = neuron_equation(snapshot_network(snap), 0, 2, x[0])
    assert eq.text in view.equation.text()

    view.set_layer(1)
    data = view.canvas_data()
    assert data is not None and data.W.shape == (4, 2)
    assert view.canvas.column_at(QPoint(1, 1).toPointF()) is None


# --------------------------------------------------------------------------- walkthrough


def _one_sample_case(exp: Experiment) -> tuple[Trainer, int]:
    trainer = Trainer(exp)
    n = trainer.dataset.x_train.shape[0]
    first = int(np.random.default_rng([exp.seed, BATCH_STREAM, 0]).permutation(n)[0])
    return trainer, first


@pytest.mark.parametrize(
    "exp",
    [
        Experiment(hyper=Hyper(batch_size=1, learning_rate=0.3)),
        Experiment(
            data=DataSpec(dataset="xor"),
            hidden=(LayerSpec(3, "relu"), LayerSpec(2, "sigmoid")),
            hyper=Hyper(batch_size=1, learning_rate=0.05, regularization="l2", reg_rate=0.01),
            seed=3,
        ),
    ],
    ids=["default", "xor-l2"],
)
def test_walkthrough_view_shows_the_cores_gradients_and_the_trainers_update(
    qtbot, exp: Experiment
) -> None:
    trainer, k = _one_sample_case(exp)
    snap = trainer.snapshot(grid=10, thumb=4)
    view = WalkthroughView()
    qtbot.addWidget(view)
    view.set_experiment(exp)
    view.set_snapshot(snap)
    view.set_sample(k)
    view.go_to(-1)
    assert view.current_step() is None

    X = feature_matrix(trainer.dataset.x_train[k : k + 1], exp.features)
    Y = trainer.dataset.targets(trainer.dataset.y_train[k : k + 1])
    h = exp.hyper
    l2 = h.reg_rate if h.regularization == "l2" else 0.0
    core_loss, grads = trainer.network.copy().loss_and_gradients(X, Y, h.loss, 0.0, l2)
    zs, acts = trainer.network.forward_all(X)
    assert view.walk is not None
    L = len(grads)
    seen_backward = set()
    updates = {}
    for _ in range(len(view.walk)):
        view.next()
        step = view.current_step()
        assert step is not None and view.caption.text() == localize(step.caption)
        i = step.layer
        if step.kind == "forward_layer":
            shown = view.neuron_values(i + 1)
            np.testing.assert_array_equal(shown["z"], zs[i][0])
            np.testing.assert_array_equal(shown["a = f(z)"], acts[i + 1][0])
        elif step.kind == "loss":
            assert view.walk.loss == pytest.approx(core_loss, rel=1e-12)
        elif step.kind == "backward_layer":
            dW, db = grads[i]
            shown = view.link_values()  # rows: incoming links, then the bias row
            np.testing.assert_allclose(shown[:-1], dW, rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(shown[-1], db, rtol=1e-12, atol=1e-15)
            assert view.links.item(0, 0).text() == format_number(dW[0, 0])
            np.testing.assert_allclose(view.neuron_values(i + 1)["dL/dz"], db, rtol=1e-12)
            seen_backward.add(i)
        else:
            updates[i] = view.link_values()
    assert seen_backward == set(range(L)) and set(updates) == set(range(L))
    assert not view.next_button.isEnabled()

    trainer.step(1)  # the trainer's own update on the batch of this one sample
    for i in range(L):
        np.testing.assert_allclose(
            updates[i][:-1], trainer.network.weights[i], rtol=1e-10, atol=1e-15
        )
        np.testing.assert_allclose(
            updates[i][-1], trainer.network.biases[i], rtol=1e-10, atol=1e-15
        )


def test_walkthrough_overlay_puts_values_on_the_network(qtbot) -> None:
    exp = load_lesson("backprop").experiment
    snap = Trainer(exp).snapshot(grid=10, thumb=8)
    network = NetworkView()
    qtbot.addWidget(network)
    network.resize(700, 400)
    network.set_snapshot(snap)
    overlay = NeuronOverlay(network)
    view = WalkthroughView()
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.overlay_changed.connect(lambda payload: overlay.show_texts(*payload))
    view.set_experiment(exp)
    view.set_snapshot(snap)
    view.go_to(0)  # the first hidden layer's forward step
    texts = overlay.tag_texts()
    assert texts[(0, 0)].startswith("x ")
    z = view.walk.steps[0].arrays["z"]
    assert (
        texts[(1, 0)]
        == f"z {format_number(z[0])}\na {format_number(view.walk.steps[0].arrays['a'][0])}"
    )
    assert (2, 0) not in texts  # the second layer is not computed yet
    view.go_to(len(view.walk) - 1)
    assert overlay.tag_texts()[(3, 0)].startswith("dL/dz ")

    # A new architecture deletes the tagged items: the overlay follows without crashing.
    network.set_snapshot(make_snapshot(hidden=(2,), run_id=99))
    overlay.refresh()
    assert set(overlay.tag_texts()) <= {(0, 0), (0, 1), (1, 0), (1, 1), (2, 0)}
    overlay.highlight(1, 1)
    assert (
        overlay._ring is not None
        and overlay._ring.parentItem() is network.network_scene.neuron_item(1, 1)
    )
    view.hide()
    assert overlay.tag_texts() == {}


def test_teaching_views_compute_nothing_while_hidden(qtbot) -> None:
    view = GradientBars()
    qtbot.addWidget(view)
    snap = make_snapshot()
    view.set_snapshot(snap)
    assert view.bars.opts["x"] == [0]  # untouched: the view was never shown
    view.show()
    qtbot.waitExposed(view)
    assert len(view.bars.opts["x"]) == len(snap.weights)


def test_network_from_snapshot_matches_its_weights() -> None:
    snap = make_snapshot(hidden=(3,), seed=9)
    net = snapshot_network(snap)
    assert isinstance(net, Network)
    for W, sW in zip(net.weights, snap.weights, strict=True):
        np.testing.assert_array_equal(W, sW)


def test_collapse_run_edit_keeps_the_outputs_and_the_unit_ids() -> None:
    from nnsim.core.units import default_units
    from nnsim.model.collapse_edit import collapse_run
    from nnsim.model.edits import EditRefused

    exp, snap = _collapse_lesson_snapshot(steps=30)
    current = exp.with_weights(snap.weights, snap.biases, snap.step)
    units = default_units(current)
    edit = collapse_run(current, units, 0, 5)
    assert edit.before is current and edit.after.layer_sizes == [2, 1]
    assert tuple(edit.units_after) == (units[0], units[-1])
    assert edit.units_after.next_id == units.next_id
    assert edit.change == "architecture" and edit.after.step == snap.step
    X = _grid_inputs(snap)
    diff = np.max(
        np.abs(Trainer(edit.after).network.forward(X) - snapshot_network(snap).forward(X))
    )
    assert diff < 1e-12

    mixed = replace(
        exp,
        hidden=(
            LayerSpec(4, "tanh"),
            LayerSpec(3, "linear"),
            LayerSpec(5, "linear"),
            LayerSpec(2, "relu"),
        ),
    )
    u = default_units(mixed)
    edit = collapse_run(mixed, u, 1, 4)
    assert [h.activation for h in edit.after.hidden] == ["tanh", "relu"]
    assert tuple(edit.units_after) == (u[0], u[1], u[4], u[5])
    before_net = Trainer(edit.before).network
    np.testing.assert_array_equal(Trainer(edit.after).network.weights[0], before_net.weights[0])
    with pytest.raises(EditRefused):
        collapse_run(mixed, u, 0, 3)  # layer 0 is tanh
    with pytest.raises(EditRefused):
        collapse_run(mixed, u, 1, 2)  # a single layer is no run


def test_walkthrough_can_hold_its_weights_while_training_goes_on(qtbot) -> None:
    view = WalkthroughView()
    qtbot.addWidget(view)
    first = make_snapshot(hidden=(3,), seed=1)
    view.set_snapshot(first)
    view.ensure_current()
    held = [g.copy() for g, _ in view.walk.gradients]
    view.follow_box.setChecked(False)
    view.set_snapshot(make_snapshot(hidden=(3,), seed=2))  # training moved on
    view.ensure_current()
    for g, h in zip(view.walk.gradients, held, strict=True):
        np.testing.assert_array_equal(g[0], h)
    view.follow_box.setChecked(True)
    view.ensure_current()
    assert not np.array_equal(view.walk.gradients[0][0], held[0])
