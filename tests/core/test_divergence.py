"""Divergence recovery: an explosion is caught before the loss overflows, training falls
back on healthy weights, the message says what to change, and healthy runs never trip it.

Issue 14, item 2: "last finite" weights (|w| = 2.6e47) are not good ones -- after a
lower learning rate, Play diverged again. Item 10: weights loaded from a file that are
themselves the problem must be named as the cause, not the learning rate.
"""

from __future__ import annotations

import itertools
import math
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import pytest

from nnsim.core import divergence
from nnsim.core.divergence import DivergedError
from nnsim.core.experiment import CustomData, DataSpec, Experiment, Hyper, LayerSpec
from nnsim.core.messages import Message
from nnsim.core.trainer import Trainer
from nnsim.storage import list_lessons


def net(
    dataset: str,
    hidden: list[tuple[int, str]],
    out: str,
    loss: str,
    lr: float,
    optimizer: str = "sgd",
    **hyper: object,
) -> Experiment:
    return Experiment(
        data=DataSpec(dataset=dataset),
        features=("x1",) if dataset in ("line", "sine") else ("x1", "x2"),
        hidden=tuple(LayerSpec(w, a) for w, a in hidden),
        output_activation=out,
        hyper=Hyper(learning_rate=lr, loss=loss, optimizer=optimizer, **hyper),
    ).validate()


def with_rate(exp: Experiment, lr: float) -> Experiment:
    return replace(exp, hyper=replace(exp.hyper, learning_rate=lr))


RELU_3X8 = [(8, "relu")] * 3
LINEAR_4 = [(4, "linear")]

#: Networks that blow up (the issue's two, deeper ReLU nets, momentum and Adam).
BLOW_UPS = {
    "plane, one linear layer of 4, lr 100": net("plane", LINEAR_4, "linear", "mse", 100.0),
    "3x8 relu, lr 10": net("circle", RELU_3X8, "linear", "mse", 10.0),
    "3x8 relu on the spiral, lr 10": net("spiral", RELU_3X8, "linear", "mse", 10.0),
    "plane, linear 4, momentum lr 1": net("plane", LINEAR_4, "linear", "mse", 1.0, "momentum"),
    "3x8 relu, momentum lr 3": net("circle", RELU_3X8, "linear", "mse", 3.0, "momentum"),
    "plane, linear 4, adam lr 100": net("plane", LINEAR_4, "linear", "mse", 100.0, "adam"),
    "3x8 relu, adam lr 10": net("circle", RELU_3X8, "linear", "mse", 10.0, "adam"),
}


@contextmanager
def early_checks_off() -> Iterator[None]:
    """Only NaN and infinity stop training: the trainer as it was before issue 14."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(divergence, "EXPLOSION_FACTOR", math.inf)
        patch.setattr(divergence, "WEIGHT_NORM_LIMIT", math.inf)
        yield


def overflow_step(exp: Experiment, steps: int = 5000) -> float:
    """The step at which ``exp``'s loss or weights overflow without the early checks."""
    with early_checks_off():
        t = Trainer(exp)
        try:
            t.train(steps)
        except DivergedError as exc:
            return exc.step
    return math.inf


def assert_healthy(exp: Experiment, steps: int = 5000) -> None:
    """``exp`` trains ``steps`` steps without a DivergedError -- unless it really blows up.

    Really blowing up, judged without the early checks: the loss overflows within the
    same steps, or the run ends no better than it started (a net whose ReLUs an
    explosion killed "recovers" to a finite but ruined state).
    """
    t = Trainer(exp)
    try:
        t.train(steps)
    except DivergedError as exc:
        with early_checks_off():
            ref = Trainer(exp)
            start = ref.evaluate().train_loss
            try:
                ref.train(steps)
            except DivergedError:
                return  # overflows anyway: the early check only said so sooner
            end = ref.evaluate().train_loss
        assert not end < start, f"a false alarm at step {exc.step} of a run that trains"
    else:
        assert np.isfinite(t.evaluate().train_loss)


# --------------------------------------------------------------------------- blow-ups


@pytest.mark.parametrize("name", list(BLOW_UPS))
def test_a_blow_up_keeps_healthy_weights_and_a_lower_rate_trains_on(name: str) -> None:
    exp = BLOW_UPS[name]
    t = Trainer(exp)
    start = t.evaluate().train_loss
    with pytest.raises(DivergedError) as info:
        t.train(5000)
    err = info.value
    # The kept weights are good ones, not merely finite ones.
    assert np.all(np.isfinite(t.network.params))
    kept = t.evaluate()
    assert kept.train_loss <= start
    assert np.isfinite(t.snapshot(grid=8, thumb=4).boundary).all()

    # A lower rate trains on from them: 2,000 steps, no divergence, below the start.
    t.apply(with_rate(exp, 0.001))
    assert t.train(2000) == 2000
    end = t.evaluate().train_loss
    assert end < start, (start, kept.train_loss, end)

    # And the message said so: the rate was the cause, here is what to do.
    assert err.cause == "learning_rate"
    assert "lower the learning rate" in str(err)
    assert f"(now {exp.hyper.learning_rate:g})" in str(err)
    assert t.step_count == err.step - 1 + 2000  # the step counter never runs backwards


@pytest.mark.parametrize("name", list(BLOW_UPS))
def test_an_explosion_is_caught_before_the_numbers_overflow(name: str) -> None:
    exp = BLOW_UPS[name]
    t = Trainer(exp)
    with pytest.raises(DivergedError) as info:
        t.train(5000)
    # A NaN-only check stops later: these weights were still finite when caught.
    assert info.value.step < overflow_step(exp)


def test_the_issues_linear_net_no_longer_keeps_exploded_weights() -> None:
    # Issue 14: stopped at step 5 with |w| = 2.6e47 and a loss of 2.2e191, and lowering
    # the rate to 0.001 diverged again at step 6.
    exp = BLOW_UPS["plane, one linear layer of 4, lr 100"]
    t = Trainer(exp)
    start = t.evaluate().train_loss
    with pytest.raises(DivergedError) as info:
        t.train(100)
    assert info.value.step < 5
    assert float(np.abs(t.network.params).max()) < 10.0
    assert t.evaluate().train_loss <= start
    t.apply(with_rate(exp, 0.001))
    t.train(2000)
    assert t.evaluate().train_loss < 0.01 * start


def test_a_blow_up_after_training_keeps_the_trained_weights() -> None:
    exp = net("circle", RELU_3X8, "linear", "mse", 0.01)
    t = Trainer(exp)
    start = t.evaluate().train_loss
    t.train(3000)
    trained = t.evaluate().train_loss
    assert trained < 0.1 * start
    t.apply(with_rate(exp, 10.0))  # the lecturer shows what too large a rate does
    with pytest.raises(DivergedError) as info:
        t.train(5000)
    err = info.value
    # Set back to a checkpoint of the last few records, not to the start.
    assert 3000 - 4 * t.history.stride <= err.kept_step <= 3000
    assert f"those of step {err.kept_step}," in str(err)
    replay = Trainer(exp)
    replay.train(err.kept_step)
    assert np.array_equal(t.network.params, replay.network.params)
    assert t.evaluate().train_loss < 1.5 * trained

    # Play again at the same rate: it diverges again and lands on the same weights,
    # however often -- the trained progress is never thrown away.
    for _ in range(6):
        with pytest.raises(DivergedError) as again:
            t.train(5000)
        assert again.value.kept_step == err.kept_step
    assert np.array_equal(t.network.params, replay.network.params)

    t.apply(with_rate(exp, 0.001))
    t.train(2000)
    assert t.evaluate().train_loss < 1.5 * trained


def test_the_optimizer_state_is_reset_by_a_rollback() -> None:
    for optimizer in ("momentum", "adam"):
        exp = net("circle", RELU_3X8, "linear", "mse", 0.003, optimizer)
        t = Trainer(exp)
        t.train(500)
        t.apply(with_rate(exp, 50.0))
        with pytest.raises(DivergedError):
            t.train(1000)
        opt = t.optimizer
        if optimizer == "momentum":
            assert not opt.velocity.any()
        else:
            assert opt.t == 0 and not opt.m.any() and not opt.v.any()


def test_divergence_and_recovery_are_deterministic() -> None:
    def run() -> tuple[tuple[int, int | None, str], np.ndarray, float]:
        exp = net("spiral", RELU_3X8, "linear", "mse", 0.03, "momentum")
        t = Trainer(exp)
        t.train(1500)
        t.apply(with_rate(exp, 5.0))
        with pytest.raises(DivergedError) as info:
            t.train(5000)
        t.apply(with_rate(exp, 0.001))
        t.train(700)
        err = info.value
        return (err.step, err.kept_step, str(err)), t.network.params.copy(), t.evaluate().train_loss

    a, b = run(), run()
    assert a[0] == b[0]
    assert np.array_equal(a[1], b[1]) and a[2] == b[2]


def test_a_weight_set_by_hand_is_not_undone_by_a_rollback() -> None:
    exp = net("circle", RELU_3X8, "linear", "mse", 0.01)
    t = Trainer(exp)
    t.train(1000)
    t.set_weight(0, 1, 2, 0.75)
    t.train(200)
    t.apply(with_rate(exp, 50.0))
    with pytest.raises(DivergedError) as info:
        t.train(1000)
    # Set back to weights trained on from the edited value, never to older ones.
    kept = info.value.kept_step
    assert 1000 <= kept <= 1200
    replay = Trainer(exp)
    replay.train(1000)
    replay.set_weight(0, 1, 2, 0.75)
    replay.train(kept - 1000)
    assert np.array_equal(t.network.params, replay.network.params)


def test_a_data_edit_starts_a_new_series_of_checkpoints() -> None:
    exp = net("circle", RELU_3X8, "linear", "mse", 0.01)
    t = Trainer(exp)
    t.train(2000)
    xor = replace(exp, data=replace(exp.data, dataset="xor"))
    t.apply(xor)
    start = t.evaluate().train_loss  # the loss that now counts
    t.apply(with_rate(xor, 100.0))
    with pytest.raises(DivergedError) as info:
        t.train(1000)
    assert info.value.kept_step >= 2000  # never the weights trained on the old data
    assert t.evaluate().train_loss <= start


def test_without_records_a_divergence_falls_back_on_the_start() -> None:
    exp = net("circle", RELU_3X8, "linear", "mse", 0.01)
    t = Trainer(exp, record_history=False)
    first = t.network.params.copy()
    t.train(500)
    t.apply(with_rate(exp, 100.0))
    with pytest.raises(DivergedError) as info:
        t.train(100)
    assert info.value.kept_step == 0
    assert np.array_equal(t.network.params, first)


# --------------------------------------------------------------------------- item 10


def _filled(exp: Experiment, value: float) -> Experiment:
    t = Trainer(exp)
    W = [np.full_like(w, value) for w in t.network.weights]
    b = [np.full_like(v, value) for v in t.network.biases]
    return exp.with_weights(W, b, step=40)


@pytest.mark.parametrize(
    "exp",
    [Experiment(), BLOW_UPS["3x8 relu, lr 10"], BLOW_UPS["plane, one linear layer of 4, lr 100"]],
    ids=["default", "relu", "linear"],
)
def test_weights_from_a_file_that_cause_the_divergence_are_named(tmp_path, exp) -> None:
    path = tmp_path / "huge.json"
    path.write_text(_filled(exp, 1e308).to_json(), encoding="utf-8")
    loaded = Experiment.from_json(path.read_text(encoding="utf-8"))
    t = Trainer(loaded)
    with pytest.raises(DivergedError) as info:
        t.train(1000)
    err = info.value
    assert (err.step, err.cause) == (41, "loaded_weights")
    text = str(err)
    assert "weights loaded from the file are the cause" in text and "Reset" in text
    assert "lower the learning rate" not in text and "(now" not in text
    # Nothing was trained from them, and they stay as loaded for the lecturer to see.
    assert t.step_count == 40
    assert np.all(t.network.params == 1e308)

    # A lower rate does not help, and the message keeps saying why.
    t.apply(with_rate(loaded, 0.001))
    with pytest.raises(DivergedError) as again:
        t.train(1000)
    assert again.value.cause == "loaded_weights"

    # Reset: new weights from the seed, which train.
    t.reset()
    t.train(2000)
    assert np.isfinite(t.evaluate().train_loss)


def test_weights_loaded_into_a_running_trainer_are_named_too() -> None:
    exp = Experiment()
    t = Trainer(exp)
    t.train(300)
    t.apply(_filled(exp, 1e200))  # File > Open of a damaged file while training
    with pytest.raises(DivergedError) as info:
        t.train(10)
    assert info.value.cause == "loaded_weights"


def test_loaded_weights_that_are_fine_leave_the_blame_on_the_rate() -> None:
    exp = net("circle", RELU_3X8, "linear", "mse", 0.01)
    trained = Trainer(exp)
    trained.train(2000)
    t = Trainer(with_rate(trained.to_experiment(), 10.0))
    with pytest.raises(DivergedError) as info:
        t.train(1000)
    assert info.value.cause == "learning_rate"
    assert info.value.kept_step >= 2000
    assert "lower the learning rate" in str(info.value)


def test_a_huge_weight_set_by_hand_is_named_as_the_cause() -> None:
    t = Trainer(Experiment())
    t.train(100)
    t.set_weight(0, 0, 0, 1e300)
    with pytest.raises(DivergedError) as info:
        t.train(10)
    err = info.value
    assert err.cause == "start_weights"
    assert "weights training started from are the cause" in str(err)
    assert "lower the learning rate" not in str(err)
    assert t.network.weights[0][0, 0] == 1e300  # kept: the lecturer set it


# --------------------------------------------------------------------------- messages


def test_the_new_messages_are_translatable_templates_and_survive_pickling() -> None:
    cases = {
        ("loss", "learning_rate"): "{kept}",
        ("weights", "learning_rate"): "{kept}",
        ("loss", "loaded_weights"): "loaded from the file",
        ("weights", "start_weights"): "started from",
    }
    for (what, cause), marker in cases.items():
        err = DivergedError(12, what, 0.5, 7, cause)
        message = err.message
        assert isinstance(message, Message) and message.context == "Trainer"
        assert marker in message.template and message.template.startswith("Training diverged")
        assert "{step}" in message.template
        again = pickle.loads(pickle.dumps(err))
        fields = (again.step, again.what, again.learning_rate, again.kept_step, again.cause)
        assert fields == (12, what, 0.5, 7, cause)
        assert isinstance(again.message, Message) and again.message == message
        assert again.message.template == message.template
    assert str(DivergedError(12, "loss", 0.5, 7)) == (
        "Training diverged at step 12: the loss shot up far above its value at the start. "
        "The weights were set back to those of step 7, whose training loss was no higher "
        "than at the start; lower the learning rate (now 0.5) and press Play to train on "
        "from there."
    )
    with pytest.raises(ValueError, match="cause"):
        DivergedError(1, "loss", 0.1, 0, "bad luck")


# --------------------------------------------------------------------------- no false alarms

HEADS = {
    "bce": ("circle", "sigmoid"),
    "mse": ("circle", "linear"),
    "softmax": ("blobs", "softmax"),
}


CONFIGURATIONS = list(itertools.product(["relu", "tanh", "sigmoid", "linear"], HEADS))
OPTIMIZERS = ("sgd", "momentum", "adam")
RATES = (0.3, 1.0, 3.0)


def _train_healthy(activation: str, head: str, runs: list[tuple[str, float]]) -> None:
    dataset, out = HEADS[head]
    loss = "softmax_ce" if head == "softmax" else head
    for optimizer, lr in runs:
        exp = net(dataset, [(4, activation), (2, activation)], out, loss, lr, optimizer)
        assert_healthy(exp)


@pytest.mark.parametrize(("activation", "head"), CONFIGURATIONS)
def test_typical_configurations_train_5000_steps_without_a_false_alarm(
    activation: str, head: str
) -> None:
    """CI-sized: every optimizer, each at one of the rates -- a Latin square that shifts
    from one configuration to the next, so the configurations together cover every
    optimizer x rate pair four times. The whole grid for each is the slow test below."""
    i = CONFIGURATIONS.index((activation, head))
    runs = [(optimizer, RATES[(j + i) % len(RATES)]) for j, optimizer in enumerate(OPTIMIZERS)]
    _train_healthy(activation, head, runs)


@pytest.mark.slow
@pytest.mark.parametrize(("activation", "head"), CONFIGURATIONS)
def test_typical_configurations_train_5000_steps_without_a_false_alarm_full_grid(
    activation: str, head: str
) -> None:
    _train_healthy(activation, head, list(itertools.product(OPTIMIZERS, RATES)))


def _lesson_experiments() -> Iterator[tuple[str, Experiment]]:
    for lesson in list_lessons():
        exps = [lesson.experiment] + ([lesson.compare] if lesson.compare is not None else [])
        for k, exp in enumerate(exps):
            yield f"{lesson.name}[{k}]", exp
            for s in lesson.steps:
                if s.action == "set_learning_rate":
                    yield f"{lesson.name}[{k}] lr {s.target}", with_rate(exp, float(s.target))


LESSON_RUNS = dict(_lesson_experiments())


@pytest.mark.parametrize("name", list(LESSON_RUNS))
def test_every_lesson_trains_5000_steps_without_a_false_alarm(name: str) -> None:
    assert_healthy(LESSON_RUNS[name])


def test_the_default_experiment_trains_at_every_common_rate() -> None:
    for lr in (0.003, 0.03, 0.3, 1.0, 3.0):
        t = Trainer(with_rate(Experiment(), lr))
        t.train(5000)  # no DivergedError
        assert np.isfinite(t.evaluate().train_loss)


def _large_targets(scale: float) -> DataSpec:
    rng = np.random.default_rng(3)
    x = rng.uniform(-6.0, 6.0, (300, 2))
    y = scale * (np.sin(x[:, 0]) + 0.1 * x[:, 1])
    return DataSpec(dataset="custom", custom=CustomData(x, y, task="regression"))


@pytest.mark.parametrize("scale", [1e3, 1e6])
def test_regression_with_large_targets_is_no_explosion(scale: float) -> None:
    # The loss starts at ~scale**2: judged against the targets' own size, not against 1.
    for optimizer, lr in [("sgd", 0.001), ("momentum", 0.001), ("adam", 0.01), ("adam", 0.1)]:
        exp = Experiment(
            data=_large_targets(scale),
            hidden=(LayerSpec(6, "tanh"), LayerSpec(4, "tanh")),
            output_activation="linear",
            hyper=Hyper(loss="mse", optimizer=optimizer, learning_rate=lr),
        ).validate()
        t = Trainer(exp)
        start = t.evaluate().train_loss
        assert start > scale**2 / 10
        t.train(5000)  # no DivergedError
        assert t.evaluate().train_loss < start


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_noisy_single_sample_batches_at_high_stable_rates_are_no_explosion(
    activation: str,
) -> None:
    for dataset, lr in [("circle", 0.3), ("circle", 1.0), ("spiral", 0.3), ("xor", 1.0)]:
        exp = replace(
            net(dataset, [(8, activation), (8, activation)], "sigmoid", "bce", lr, batch_size=1),
            data=DataSpec(dataset=dataset, noise=0.5),
        ).validate()
        assert_healthy(exp)


def test_a_flat_start_of_a_deep_sigmoid_net_is_no_explosion() -> None:
    exp = net("circle", [(6, "sigmoid")] * 8, "sigmoid", "bce", 0.03)
    t = Trainer(exp)
    t.train(5000)  # barely moves for a long time, never trips the checks
    assert np.isfinite(t.evaluate().train_loss)
