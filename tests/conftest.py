"""Test-wide settings: Qt renders offscreen, so the suite runs without a display."""

import os

# Set before anything imports Qt; e2e tests override DISPLAY/platform for their own subprocesses.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NNSIM_NO_SETTINGS", "1")
