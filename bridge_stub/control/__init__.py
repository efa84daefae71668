"""The harness's own control surface under `/_harness`, kept apart from the OneSignal routes."""
