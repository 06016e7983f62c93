#!/usr/bin/env bash
# The pictures in docs/, made offscreen from the command line (no display needed).
# Run from the repository root with nnsim installed: bash docs/make_screenshots.sh
set -euo pipefail
export QT_QPA_PLATFORM=offscreen
nnsim --steps 300 --size 1440x900 --screenshot docs/screenshot.png
# Presentation mode (the stage layout) with a lesson open, in Korean, as a 720p and a
# 1080p recording capture it.
nnsim --lang ko --present --lesson linear-collapse --steps 300 --size 1280x720 \
  --screenshot docs/presentation-720p-ko.png
nnsim --lang ko --present --lesson spiral-depth --steps 2000 --size 1920x1080 \
  --screenshot docs/presentation-1080p-ko.png
