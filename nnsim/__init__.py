"""nnsim: a desktop neural-network simulator for teaching."""

__version__ = "0.1.0"
