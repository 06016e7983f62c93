"""The one-sample walkthrough and the neuron inspector agree with the core to the last digit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nnsim.core.experiment import DataSpec, Experiment, Hyper, LayerSpec
from nnsim.core.features import feature_matrix
from nnsim.core.messages import Message, localize
from nnsim.core.network import Network
from nnsim.core.optimizers import make_optimizer
from nnsim.core.samples import BATCH_STREAM
from nnsim.core.trainer import Trainer
from nnsim.core.walkthrough import (
    STEP_KINDS,
    format_number,
    neuron_equation,
    walkthrough,
)

RTOL = 1e-12
ATOL = 1e-15

# (hidden activations, output activation, loss, outputs)
HEADS = [
    ("sigmoid", "bce", 1),
    ("linear", "mse", 1),
    ("tanh", "mse", 2),
    ("softmax", "softmax_ce", 3),
]
HIDDEN = [
    (),
    ("tanh",),
    ("relu", "sigmoid"),
    ("leaky_relu", "linear", "tanh"),
]


def _target(loss: str, k: int, rng: np.random.Generator) -> np.ndarray:
    if loss == "softmax_ce":
        return np.eye(k)[rng.integers(k)]
    if loss == "bce":
        return rng.integers(0, 2, size=k).astype(np.float64)
    return rng.normal(size=k)


def _cases():
    for hidden in HIDDEN:
        for out, loss, k in HEADS:
            yield hidden, out, loss, k


@pytest.mark.parametrize(("hidden", "out", "loss", "k"), list(_cases()))
@pytest.mark.parametrize(("l1", "l2"), [(0.0, 0.0), (0.01, 0.003)])
def test_gradients_and_update_equal_the_core(hidden, out, loss, k, l1, l2):
    rng = np.random.default_rng(len(hidden) * 10 + k)
    sizes = [3, *([4] * len(hidden)), k]
    net = Network(sizes, [*hidden, out], seed=7)
    x = rng.normal(size=3)
    y = _target(loss, k, rng)
    params_before = net.params.copy()

    wt = walkthrough(net, x, y, loss, 0.1, l1=l1, l2=l2)
    core_loss, core_grads = net.loss_and_gradients(x[None, :], y[None, :], loss, l1=l1, l2=l2)

    np.testing.assert_array_equal(net.params, params_before)  # the walkthrough only reads
    np.testing.assert_allclose(wt.loss, core_loss, rtol=RTOL, atol=ATOL)
    assert len(wt.gradients) == len(core_grads)
    for (dW, db), (cW, cb) in zip(wt.gradients, core_grads, strict=True):
        np.testing.assert_allclose(dW, cW, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(db, cb, rtol=1e-10, atol=1e-15)

    # One plain SGD step of the core on the one-sample batch.
    twin = net.copy()
    twin.compute_gradients(x[None, :], y[None, :], loss, l1, l2)
    make_optimizer("sgd", twin.params.size).step(twin.params, twin.grad, 0.1)
    for (W, b), cW, cb in zip(wt.updated, twin.weights, twin.biases, strict=True):
        np.testing.assert_allclose(W, cW, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(b, cb, rtol=1e-10, atol=1e-15)


def _one_sample_trainer_case(exp: Experiment):
    """The sample the trainer's first batch (of size 1) uses, as the network sees it."""
    tr = Trainer(exp)
    ds = tr.dataset
    n_train = ds.x_train.shape[0]
    first = np.random.default_rng([exp.seed, BATCH_STREAM, 0]).permutation(n_train)[0]
    x = feature_matrix(ds.x_train[first : first + 1], exp.features)[0]
    y = ds.targets(ds.y_train[first : first + 1])[0]
    return tr, x, y


@pytest.mark.parametrize(
    "exp",
    [
        Experiment(hyper=Hyper(batch_size=1, learning_rate=0.3)),
        Experiment(
            data=DataSpec(dataset="xor"),
            features=("x1", "x2", "x1x2", "sin_x1"),
            hidden=(LayerSpec(3, "relu"), LayerSpec(2, "sigmoid")),
            hyper=Hyper(batch_size=1, learning_rate=0.05, regularization="l2", reg_rate=0.01),
            seed=3,
        ),
        Experiment(
            data=DataSpec(dataset="blobs", n_classes=4),
            hidden=(LayerSpec(5, "tanh"),),
            output_activation="softmax",
            hyper=Hyper(batch_size=1, loss="softmax_ce", regularization="l1", reg_rate=0.002),
            seed=11,
        ),
        Experiment(
            data=DataSpec(dataset="line", noise=0.1),
            features=("x1",),
            hidden=(),
            output_activation="linear",
            hyper=Hyper(batch_size=1, loss="mse", learning_rate=0.01),
        ),
    ],
    ids=["circle", "xor-l2", "blobs-l1", "line"],
)
def test_update_equals_one_trainer_step(exp):
    tr, x, y = _one_sample_trainer_case(exp)
    h = exp.hyper
    l1 = h.reg_rate if h.regularization == "l1" else 0.0
    l2 = h.reg_rate if h.regularization == "l2" else 0.0
    wt = walkthrough(tr.network, x, y, h.loss, h.learning_rate, l1=l1, l2=l2)
    tr.step(1)
    for (W, b), tW, tb in zip(wt.updated, tr.network.weights, tr.network.biases, strict=True):
        np.testing.assert_allclose(W, tW, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(b, tb, rtol=1e-10, atol=1e-15)


def test_steps_follow_forward_loss_backward_update():
    net = Network([2, 3, 2, 1], ["tanh", "relu", "sigmoid"], seed=1)
    x = np.array([0.5, -1.5])
    wt = walkthrough(net, x, np.array([1.0]), "bce", 0.03)
    kinds = [s.kind for s in wt.steps]
    assert kinds == ["forward_layer"] * 3 + ["loss"] + ["backward_layer"] * 3 + ["update"] * 3
    assert set(kinds) == set(STEP_KINDS)
    assert [s.layer for s in wt.steps] == [0, 1, 2, None, 2, 1, 0, 0, 1, 2]

    zs, acts = net.forward_all(x[None, :])
    for i, s in enumerate(wt.of_kind("forward_layer")):
        np.testing.assert_allclose(s.arrays["x"], acts[i][0], rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(s.arrays["z"], zs[i][0], rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(s.arrays["a"], acts[i + 1][0], rtol=RTOL, atol=ATOL)
        np.testing.assert_allclose(
            s.arrays["z"], s.arrays["x"] @ s.arrays["W"] + s.arrays["b"], rtol=RTOL
        )
    np.testing.assert_allclose(wt.output, acts[-1][0], rtol=RTOL)

    for s in wt.of_kind("update"):
        a = s.arrays
        np.testing.assert_array_equal(a["W_new"], a["W_old"] - 0.03 * a["dL_dW"])
        np.testing.assert_array_equal(a["b_new"], a["b_old"] - 0.03 * a["dL_db"])
        assert not a["W_new"].flags.writeable

    # dL/dW is the outer product of the layer's input and dL/dz (no penalty here).
    for s in wt.of_kind("backward_layer"):
        a = s.arrays
        np.testing.assert_allclose(a["dL_dW"], np.outer(a["x"], a["dL_dz"]), rtol=RTOL)
        np.testing.assert_array_equal(a["dL_db"], a["dL_dz"])


def test_captions_show_the_computed_numbers():
    net = Network([2, 2, 1], ["tanh", "sigmoid"], seed=4)
    wt = walkthrough(net, np.array([1.0, -2.0]), np.array([0.0]), "bce", 0.5)
    loss_step = wt.of_kind("loss")[0]
    shown = format_number(float(loss_step.arrays["value"]))
    assert shown in loss_step.caption
    assert loss_step.caption.startswith("Loss (Binary cross-entropy): the output a = ")
    first = wt.of_kind("forward_layer")[0]
    for v in first.arrays["z"]:
        assert format_number(v) in first.caption
    assert first.caption.startswith("Forward pass, hidden layer 1: each neuron adds up")
    assert wt.of_kind("backward_layer")[0].caption.startswith("Backward pass, output layer: ")
    assert wt.of_kind("update")[0].caption.startswith("Gradient descent, hidden layer 1: ")
    update = wt.of_kind("update")[1]
    assert "output layer" in update.caption
    assert format_number(0.5) in update.caption


def test_captions_are_translatable_messages_with_nested_names():
    net = Network([2, 2, 1], ["tanh", "sigmoid"], seed=4)
    wt = walkthrough(net, np.array([1.0, -2.0]), np.array([0.0]), "bce", 0.5)
    for step in wt.steps:
        assert isinstance(step.caption, Message)
        assert step.caption.context == "Walkthrough"
        assert "{" in step.caption.template
        assert not hasattr(step, "text")
    update = wt.of_kind("update")[1]
    link = update.caption.kwargs["link"]
    assert isinstance(link, Message)
    assert link.template == "the link from {src} to neuron {col} of {dst}"
    assert isinstance(link.kwargs["src"], Message) and isinstance(link.kwargs["dst"], Message)
    assert str(link).startswith("the link from neuron ") and str(link).endswith(
        " of the output layer"
    )

    # With a translator (here a dict standing in for Qt's), every part is translated.
    table = {
        ("Walkthrough", "Gradient descent, {layer}: W ← W − lr·dL/dW and b ← b − lr·dL/db "
         "with lr = {lr}. The weight that changes most is on {link}: {change}."):
        "경사하강법, {layer}: W ← W − lr·dL/dW, b ← b − lr·dL/db (학습률 lr = {lr}). "
        "가장 크게 바뀌는 가중치는 {link}입니다: {change}.",
        ("Walkthrough", "output layer"): "출력층",
        ("Walkthrough", "the output layer"): "출력층",
        ("Walkthrough", "the link from {src} to neuron {col} of {dst}"):
        "{src} → {dst}의 뉴런 {col} 연결",
        ("Walkthrough", "neuron {row} of hidden layer {i}"): "은닉층 {i}의 뉴런 {row}",
    }

    def translate(context: str, text: str) -> str:
        return table.get((context, text), text)

    korean = localize(update.caption, translate)
    r, c = np.unravel_index(int(np.argmax(np.abs(wt.gradients[1][0]))), (2, 1))
    assert korean.startswith("경사하강법, 출력층: ")
    assert f"은닉층 1의 뉴런 {r + 1} → 출력층의 뉴런 {c + 1} 연결입니다: " in korean
    assert format_number(0.5) in korean
    assert "output" not in korean and "link" not in korean


def test_loss_caption_mentions_the_penalty_when_regularised():
    net = Network([2, 2, 1], ["tanh", "linear"], seed=4)
    wt = walkthrough(net, np.array([1.0, -2.0]), np.array([0.3]), "mse", 0.1, l2=0.5)
    loss_step = wt.of_kind("loss")[0]
    a = loss_step.arrays
    assert float(a["penalty"]) > 0
    assert float(a["value"]) == pytest.approx(float(a["data_loss"]) + float(a["penalty"]))
    assert format_number(float(a["penalty"])) in loss_step.caption
    assert "with the regularisation penalty" in loss_step.caption
    assert "penalty's gradient" in wt.of_kind("backward_layer")[0].caption


def test_walkthrough_rejects_bad_input():
    net = Network([2, 2, 1], ["tanh", "sigmoid"], seed=0)
    x, y = np.zeros(2), np.ones(1)
    with pytest.raises(ValueError, match="x_row"):
        walkthrough(net, np.zeros(3), y, "bce", 0.1)
    with pytest.raises(ValueError, match="y_row"):
        walkthrough(net, x, np.ones(2), "bce", 0.1)
    with pytest.raises(ValueError, match="NaN"):
        walkthrough(net, np.array([np.nan, 0.0]), y, "bce", 0.1)
    with pytest.raises(ValueError, match="unknown loss"):
        walkthrough(net, x, y, "hinge", 0.1)
    with pytest.raises(ValueError, match="softmax_ce"):
        walkthrough(net, x, y, "softmax_ce", 0.1)
    with pytest.raises(ValueError, match="learning rate"):
        walkthrough(net, x, y, "bce", 0.0)


# --------------------------------------------------------------------------- inspector


def test_neuron_equation_matches_the_forward_pass_everywhere():
    net = Network([3, 4, 3, 2], ["tanh", "relu", "softmax"], seed=5)
    x = np.array([0.7, -1.3, 2.2])
    zs, acts = net.forward_all(x[None, :])
    for layer in range(3):
        for unit in range(net.layer_sizes[layer + 1]):
            eq = neuron_equation(net, layer, unit, x)
            np.testing.assert_allclose(eq.z, zs[layer][0, unit], rtol=RTOL, atol=ATOL)
            np.testing.assert_allclose(eq.a, acts[layer + 1][0, unit], rtol=RTOL, atol=ATOL)
            np.testing.assert_allclose(eq.inputs, acts[layer][0], rtol=RTOL, atol=ATOL)
            np.testing.assert_array_equal(eq.weights, net.weights[layer][:, unit])
            np.testing.assert_allclose(eq.terms.sum() + eq.bias, eq.z, rtol=1e-12, atol=1e-14)
            assert format_number(eq.z) in eq.text
            assert format_number(eq.a) in eq.text
    assert "softmax(z)[2]" in neuron_equation(net, 2, 1, x).text


def test_neuron_equation_text_reads_like_the_lecture():
    net = Network([2, 1], ["tanh"], seed=0)
    net.set_weights([np.array([[0.31], [0.52]])], [np.array([0.1])])
    eq = neuron_equation(net, 0, 0, np.array([-1.2, 0.4]))
    # tanh(0.31*(-1.2) + 0.52*0.4 + 0.1) = tanh(-0.064) = -0.06391...
    assert eq.text == "z = 0.31·(−1.2) + 0.52·0.4 + 0.1 = −0.064; a = tanh(z) = −0.0639"
    np.testing.assert_allclose(eq.terms, [0.31 * -1.2, 0.52 * 0.4])
    assert eq.activation == "tanh"

    net2 = Network([2, 1], ["linear"], seed=0)
    net2.set_weights([np.array([[2.0], [-1.0]])], [np.array([-0.5])])
    assert neuron_equation(net2, 0, 0, np.array([1.0, 3.0])).text == (
        "z = 2·1 + (−1)·3 + (−0.5) = −1.5; a = z = −1.5"
    )


def test_neuron_equation_rejects_out_of_range():
    net = Network([2, 3, 1], ["relu", "sigmoid"], seed=0)
    with pytest.raises(IndexError):
        neuron_equation(net, 2, 0, np.zeros(2))
    with pytest.raises(IndexError):
        neuron_equation(net, 0, 3, np.zeros(2))
    with pytest.raises(ValueError):
        neuron_equation(net, 0, 0, np.zeros(5))


def test_format_number():
    assert format_number(-1.2) == "−1.2"
    assert format_number(0.0) == "0"
    assert format_number(1.5e-7) == "1.5e−07"
    assert format_number(12345.0) == "1.23e+04"
    assert format_number(float("nan")) == "NaN"


def test_walkthrough_of_a_trained_network_still_matches():
    """Mid-training weights (not just the seeded init) give the same agreement."""
    exp = Experiment(hidden=(LayerSpec(4, "tanh"), LayerSpec(2, "tanh")))
    tr = Trainer(exp)
    tr.step(150)
    exp1 = replace(exp, hyper=replace(exp.hyper, batch_size=1))
    tr1 = Trainer(exp1.with_weights(tr.network.weights, tr.network.biases))
    x = feature_matrix(tr1.dataset.x_train[:1], exp.features)[0]
    y = tr1.dataset.targets(tr1.dataset.y_train[:1])[0]
    wt = walkthrough(tr1.network, x, y, "bce", 0.03)
    _, grads = tr1.network.loss_and_gradients(x[None], y[None], "bce")
    for (dW, _), (cW, _) in zip(wt.gradients, grads, strict=True):
        np.testing.assert_allclose(dW, cW, rtol=1e-10, atol=1e-15)
