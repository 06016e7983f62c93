"""The neuron inspector: z = Σ w·x + b and a = f(z) with the numbers training uses."""

from __future__ import annotations

import numpy as np
import pytest

from nnsim.core.experiment import Experiment, LayerSpec
from nnsim.core.features import feature_matrix
from nnsim.core.network import Network
from nnsim.core.snapshot import Snapshot
from nnsim.core.trainer import Trainer
from nnsim.core.walkthrough import format_number
from nnsim.gui.views.inspector import NeuronInspector


def _snapshot(exp: Experiment, steps: int = 40) -> Snapshot:
    t = Trainer(exp)
    t.step(steps)
    return t.snapshot(grid=10, thumb=6)


def _forward(snap: Snapshot, sample: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The core's own forward pass for one training sample: zs, acts."""
    net = Network(list(snap.layer_sizes), list(snap.activations))
    net.set_weights(snap.weights, snap.biases)
    x = feature_matrix(np.asarray(snap.x_train[sample : sample + 1]), snap.features)
    return net.forward_all(x)


@pytest.fixture
def inspector(qtbot) -> NeuronInspector:
    w = NeuronInspector()
    qtbot.addWidget(w)
    w.resize(420, 500)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_it_asks_for_a_click_first(inspector: NeuronInspector) -> None:
    inspector.set_snapshot(_snapshot(Experiment()))
    assert "Click a neuron" in inspector.title.text()
    assert inspector.equation is None
    assert inspector.formula.text() == ""


@pytest.mark.parametrize(("column", "unit", "sample"), [(1, 2, 7), (2, 1, 0), (3, 0, 123)])
def test_numbers_match_the_forward_pass(
    inspector: NeuronInspector, column: int, unit: int, sample: int
) -> None:
    exp = Experiment(features=("x1", "x2", "x1x2"))  # 3 inputs -> 4 -> 2 -> 1
    snap = _snapshot(exp)
    inspector.set_snapshot(snap)
    inspector.set_neuron(column, unit)
    inspector.set_sample(sample)
    zs, acts = _forward(snap, sample)
    eq = inspector.equation
    assert eq is not None
    assert eq.z == zs[column - 1][0, unit]  # bit for bit: the same expression as training
    assert eq.a == acts[column][0, unit]
    # Each term is weight times input, and they add up (with the bias) to z.
    np.testing.assert_allclose(eq.weights, snap.weights[column - 1][:, unit])
    np.testing.assert_allclose(eq.inputs, acts[column - 1][0])
    assert eq.terms.sum() + eq.bias == pytest.approx(eq.z, abs=1e-12)
    text = inspector.formula.text()
    assert format_number(eq.z) in text and format_number(eq.a) in text
    assert f"{format_number(eq.bias)}" in text.replace("(", "").replace(")", "")
    # The table lists every input with its value, weight and product.
    table = inspector.table.text()
    for k in range(len(eq.weights)):
        assert format_number(eq.terms[k]) in table
    assert inspector.sample_label.text().startswith(f"Sample {sample + 1}:")


def test_title_names_the_neuron_and_its_activation(inspector: NeuronInspector) -> None:
    exp = Experiment(hidden=(LayerSpec(3, "relu"),))
    inspector.set_snapshot(_snapshot(exp))
    inspector.set_neuron(1, 2)
    assert inspector.title.text() == "Hidden 1, unit 3 · ReLU"
    assert "relu(z)" in inspector.formula.text()
    inspector.set_neuron(2, 0)
    assert inspector.title.text() == "Output · Sigmoid"
    assert "sigmoid(z)" in inspector.formula.text()


def test_the_sample_box_covers_the_training_set(inspector: NeuronInspector) -> None:
    snap = _snapshot(Experiment())
    inspector.set_snapshot(snap)
    n = snap.x_train.shape[0]
    assert (inspector.sample_box.minimum(), inspector.sample_box.maximum()) == (1, n)
    assert inspector.count_label.text() == f"of {n} training samples"
    inspector.set_neuron(1, 0)
    first = inspector.equation
    inspector.sample_box.setValue(5)  # the user picks sample 5
    assert inspector.sample == 4
    assert inspector.equation is not None and first is not None
    np.testing.assert_allclose(inspector.equation.inputs, snap.x_train[4])
    assert inspector.equation.z != first.z


def test_numbers_follow_training(inspector: NeuronInspector, qtbot) -> None:
    exp = Experiment()
    t = Trainer(exp)
    inspector.set_snapshot(t.snapshot(grid=10, thumb=6))
    inspector.set_neuron(1, 0)
    z0 = inspector.equation.z
    t.step(200)
    snap = t.snapshot(grid=10, thumb=6)
    inspector.set_snapshot(snap)
    # Throttled to ten refreshes a second, but the newest snapshot always lands.
    qtbot.waitUntil(lambda: inspector.equation.z != z0, timeout=2000)
    assert inspector.equation.z == _forward(snap, 0)[0][0][0, 0]


def test_a_neuron_that_disappears_is_reported(inspector: NeuronInspector) -> None:
    inspector.set_snapshot(_snapshot(Experiment(hidden=(LayerSpec(4, "tanh"),))))
    inspector.set_neuron(1, 3)
    assert inspector.equation is not None
    inspector.set_snapshot(_snapshot(Experiment(hidden=(LayerSpec(2, "tanh"),))))
    inspector.refresh()
    assert inspector.equation is None
    assert "gone" in inspector.title.text()


def test_deep_layers_name_their_inputs_and_many_terms_are_shortened(
    inspector: NeuronInspector,
) -> None:
    exp = Experiment(hidden=(LayerSpec(8, "tanh"), LayerSpec(2, "linear")))
    inspector.set_snapshot(_snapshot(exp))
    inspector.set_neuron(2, 1)
    text = inspector.formula.text()
    assert "a = z =" in text  # linear
    assert "…" in text  # 8 terms: the sum is abbreviated, the table is complete
    assert inspector.table.text().count("<tr>") == 1 + 8 + 2  # header, inputs, bias, sum
    assert "a₈ = unit 8 of hidden 1" in inspector.table.text()
