"""The exported NumPy script trains exactly like the app's Trainer."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nnsim.core.experiment import DataSpec, Experiment, Hyper, LayerSpec
from nnsim.core.script_export import export_script, write_script
from nnsim.core.trainer import Trainer

CASES = {
    "default": Experiment(data=DataSpec(n_samples=120)),
    "relu_adam_l2_xor": Experiment(
        data=DataSpec(dataset="xor", n_samples=100, noise=0.1),
        features=("x1", "x2", "x1x2", "sin_x1"),
        hidden=(LayerSpec(5, "relu"), LayerSpec(3, "leaky_relu")),
        hyper=Hyper(optimizer="adam", regularization="l2", reg_rate=0.01, batch_size=7),
        seed=3,
    ),
    "blobs_softmax_momentum_l1": Experiment(
        data=DataSpec(dataset="blobs", n_samples=90, n_classes=3),
        hidden=(LayerSpec(4, "sigmoid"),),
        output_activation="softmax",
        hyper=Hyper(loss="softmax_ce", optimizer="momentum", regularization="l1", reg_rate=0.001),
    ),
    "regression_mse_tanh_out": Experiment(
        data=DataSpec(dataset="sine", n_samples=80),
        features=("x1", "sin_x1"),
        hidden=(LayerSpec(6, "tanh"),),
        output_activation="tanh",
        hyper=Hyper(loss="mse", learning_rate=0.1, batch_size=4),
    ),
}


def _app_losses(exp: Experiment, n: int) -> list[tuple[float, float]]:
    trainer = Trainer(exp)
    out = []
    for _ in range(n):
        m = trainer.step(1)
        out.append((m.train_loss, m.test_loss))
    return out


def _script_losses(path: Path, n: int) -> list[tuple[float, float]]:
    done = subprocess.run(
        [sys.executable, str(path), str(n)], capture_output=True, text=True, timeout=60, check=True
    )
    rows = [line.split() for line in done.stdout.splitlines()]
    assert [int(r[0]) for r in rows] == list(range(1, n + 1))
    return [(float(r[1]), float(r[2])) for r in rows]


@pytest.mark.parametrize("name", sorted(CASES))
def test_script_first_10_losses_equal_the_apps(name: str, tmp_path: Path) -> None:
    exp = CASES[name]
    path = write_script(tmp_path / f"{name}.py", exp)
    ours = _script_losses(path, 10)
    app = _app_losses(exp, 10)
    assert len(ours) == 10
    np.testing.assert_allclose(np.array(ours), np.array(app), rtol=0, atol=1e-12)
    assert np.all(np.isfinite(np.array(ours)[:, 0]))


def test_script_resumes_from_saved_weights_and_step(tmp_path: Path) -> None:
    trainer = Trainer(CASES["default"])
    trainer.step(23)  # mid-epoch: the script must resume the same batch order
    exp = trainer.to_experiment()
    path = write_script(tmp_path / "resumed.py", exp)
    done = subprocess.run(
        [sys.executable, str(path), "5"], capture_output=True, text=True, timeout=60, check=True
    )
    lines = done.stdout.splitlines()
    assert [int(line.split()[0]) for line in lines] == [24, 25, 26, 27, 28]
    ours = [float(line.split()[1]) for line in lines]
    app = [t for t, _ in _app_losses(exp, 5)]
    np.testing.assert_allclose(ours, app, rtol=0, atol=1e-12)


def test_script_needs_only_numpy() -> None:
    src = export_script(replace(CASES["default"], title="My net"))
    imports = {
        line.split()[1] for line in src.splitlines() if line.startswith(("import ", "from "))
    }
    assert imports == {"math", "sys", "numpy"}
    assert "My net" in src
    compile(src, "exported.py", "exec")
