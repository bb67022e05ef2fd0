"""wmhr: schedule the Human Rights Policy Community Conversations."""

__version__ = "0.1.0"
