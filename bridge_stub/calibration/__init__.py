"""Calibration: hold the simulation against a recording made in a real Median app.

A recording is the device profile (Device Info and OneSignal info) and the answers a real
app gave to a fixed script of bridge calls. The harness installs a device with the same
profile, replays the script, and compares each answer's shape: keys, types and classes of
values (UUID, push token, e-mail, empty, boolean, number), never values that must differ.
"""

from bridge_stub.calibration.recording import Recording, Step
from bridge_stub.calibration.replay import compare
from bridge_stub.calibration.shelf import CalibrationShelf

__all__ = ["CalibrationShelf", "Recording", "Step", "compare"]
