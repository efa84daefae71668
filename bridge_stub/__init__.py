"""median-harness: the simulated native side of a Median app and a simulated OneSignal backend."""

__version__ = "0.1.0"
