"""Where the shipped resources (lessons, icons, translations, styles) live.

The repository keeps them in a top-level ``resources/`` folder; the wheel ships the
same folder inside the package as ``nnsim/resources`` (hatchling ``force-include``).
An installed wheel is found through :mod:`importlib.resources`; an editable install
or a source checkout falls back to the repository folder.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def resource_root() -> Traversable:
    """The folder that holds ``lessons/``, ``icons/``, ``i18n/`` and ``styles/``."""
    packaged = resources.files("nnsim").joinpath("resources")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("nnsim's resources folder is missing from this installation")


def resource(*parts: str) -> Traversable:
    """A file or folder below the resource root, e.g. ``resource("lessons", "xor.json")``."""
    node = resource_root()
    for p in parts:
        node = node.joinpath(p)
    return node
