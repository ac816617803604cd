"""InnoZone: a platform for running a science-and-technology innovation zone."""

__version__ = "0.1.0"
