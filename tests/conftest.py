"""Test-wide settings: Qt renders offscreen, so the suite runs without a display.

Also the ``app_driver`` fixture: the command that starts the app from the test side
(``tests/app_driver.py``), and the environment that makes every subprocess a test
starts -- ``python -m nnsim``, the driver -- import the nnsim under test.
"""

import os
import sys
from pathlib import Path

import pytest

import nnsim

# Set before anything imports Qt; e2e tests override DISPLAY/platform for their own subprocesses.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NNSIM_NO_SETTINGS", "1")
# Subprocesses import the nnsim under test, whatever folder they start in.
_ROOT = str(Path(nnsim.__file__).resolve().parents[1])
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_ROOT, *(p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _ROOT)]
)

#: Starts the app as the ``nnsim`` command does, driven from the test side.
APP_DRIVER = Path(__file__).resolve().parent / "app_driver.py"


@pytest.fixture(scope="session")
def app_driver() -> list[str]:
    """``[python, tests/app_driver.py]``: append ``--script``/``--state`` and nnsim's
    arguments (see that file)."""
    return [sys.executable, str(APP_DRIVER)]
