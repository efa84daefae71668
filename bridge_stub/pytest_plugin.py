"""median-harness's pytest plugin, registered through the `pytest11` entry point.

It is loaded in every project that installs median-harness; its fixtures build on the
public control API.
"""
