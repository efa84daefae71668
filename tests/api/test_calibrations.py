"""Calibration recordings: kept, compared step by step with a simulated device of the same
profile, and differences named as missing keys, extra keys, types and value classes."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

SCRIPT: list[tuple[str, str, dict[str, Any], list[Any]]] = [
    ("deviceInfo", "run/median_device_info", {}, []),
    ("onesignal.onesignalInfo", "onesignal/info", {}, []),
    ("permissions.status", "permissions/status", {}, []),
    ("onesignal.tags.getTags", "onesignal/tags/get", {}, []),
    ("onesignal.tags.setTags", "onesignal/tags/set", {"tags": {"t": "1"}}, [{"tags": {"t": "1"}}]),
]


def record(client: TestClient, **device: Any) -> dict[str, Any]:
    """A recording as /calibrate makes it, from a simulated device standing in for a phone."""
    made = client.post("/_harness/devices", json={"platform": "android", **device}).json()
    steps = []
    for call, command, data, args in SCRIPT:
        message = {"medianCommand": f"median://{command}", "data": {"callback": "cb", **data}}
        reply = client.post(f"/_harness/devices/{made['id']}/commands", json=message).json()
        steps.append(
            {"call": call, "args": args, "answered": True, "answer": reply["result"], "ms": 5}
        )
    profile = {"deviceInfo": steps[0]["answer"], "onesignalInfo": steps[1]["answer"]}
    return {"profile": profile, "steps": steps}


def report_of(client: TestClient, recording: dict[str, Any]) -> dict[str, Any]:
    created = client.post("/_harness/calibrations", json=recording)
    assert created.status_code == 201, created.text
    report: dict[str, Any] = client.get(f"/_harness/calibrations/{created.json()['id']}").json()
    return report


def test_a_faithful_recording_agrees_on_every_step(client: TestClient) -> None:
    recording = record(client, app_version="2.3.0")
    report = report_of(client, recording)
    assert (report["agree"], report["differ"]) == (5, 0)
    assert report["profile"] == {
        "platform": "android",
        "app_version": "2.3.0",
        "sdk": "v5",
        "push_permission": "granted",
    }
    assert all(step["differences"] == [] for step in report["steps"])
    legacy = report_of(client, record(client, app_version="1.0.0"))
    assert legacy["profile"]["sdk"] == "legacy" and legacy["differ"] == 0


def test_edited_recordings_are_reported_as_exactly_those_differences(client: TestClient) -> None:
    recording = record(client, app_version="2.3.0")
    edited = copy.deepcopy(recording)
    del edited["steps"][0]["answer"]["model"]  # a key the real app does not send
    edited["steps"][1]["answer"]["subscription"]["optedIn"] = "yes"  # a type change
    edited["steps"][1]["answer"]["newField"] = 1  # a key the simulation lacks
    edited["steps"][2]["answered"] = False  # never answered
    edited["steps"][2]["answer"] = None
    edited["steps"][3]["answer"]["tags"] = []  # an array, not an object
    report = report_of(client, edited)
    found = {step["call"]: step["differences"] for step in report["steps"]}
    assert found == {
        "deviceInfo": ["model: extra in the simulation"],
        "onesignal.onesignalInfo": [
            "newField: missing in the simulation",
            "subscription.optedIn: string in the real app, boolean in the simulation",
        ],
        "permissions.status": ["the real app did not answer; the simulation did"],
        "onesignal.tags.getTags": ["tags: array in the real app, object in the simulation"],
        "onesignal.tags.setTags": [],
    }
    assert (report["agree"], report["differ"]) == (1, 4)


def test_value_classes_not_values(client: TestClient) -> None:
    recording = record(client, app_version="2.3.0")
    info = recording["steps"][1]["answer"]
    info["oneSignalId"] = "2f7d5c1e-0000-4000-8000-000000000000"  # another UUID: agrees
    info["externalId"] = "someone@shop.test"  # an e-mail where the simulation has none
    report = report_of(client, recording)
    (step,) = [s for s in report["steps"] if s["call"] == "onesignal.onesignalInfo"]
    assert step["differences"] == ["externalId: e-mail in the real app, null in the simulation"]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        {"profile": {}, "steps": []},
        {"steps": [{"call": "deviceInfo", "answered": True}]},
        {"profile": {}, "steps": [{"call": "deviceInfo", "answered": "yes"}]},
        {"profile": [], "steps": [{"call": "deviceInfo", "answered": True}]},
    ],
)
def test_a_malformed_recording_is_refused_and_not_kept(client: TestClient, body: Any) -> None:
    if isinstance(body, str):
        response = client.post("/_harness/calibrations", content=body)
    else:
        response = client.post("/_harness/calibrations", json=body)
    assert response.status_code == 400 and response.json()["errors"][0]["title"]
    assert client.get("/_harness/calibrations").json()["calibrations"] == []
    assert client.get("/_harness/calibrations/nope").status_code == 404


def test_the_calibrate_command(client: TestClient, tmp_path: Path) -> None:
    faithful = tmp_path / "faithful.json"
    faithful.write_text(json.dumps(record(client, app_version="2.3.0")))
    drifted = json.loads(faithful.read_text())
    del drifted["steps"][0]["answer"]["model"]
    (tmp_path / "drifted.json").write_text(json.dumps(drifted))
    (tmp_path / "broken.json").write_text("{")

    def run(name: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "demo_site.cli", "calibrate", str(tmp_path / name)]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    good = run("faithful.json")
    assert good.returncode == 0 and "5 steps agree, 0 differ" in good.stdout
    bad = run("drifted.json")
    assert bad.returncode == 1 and "model: extra in the simulation" in bad.stdout
    broken = run("broken.json")
    assert broken.returncode == 2 and broken.stderr.count("\n") == 1


def test_recordings_are_kept_on_disk_across_restarts(client: TestClient, tmp_path: Path) -> None:
    from bridge_stub.calibration import CalibrationShelf, Recording

    recording = Recording.model_validate(record(client, app_version="2.3.0"))
    kept_id = CalibrationShelf(tmp_path / "calibrations").keep(recording)
    reopened = CalibrationShelf(tmp_path / "calibrations")
    assert reopened.ids() == [kept_id]
    assert reopened.get(kept_id) == recording.model_dump(mode="json")
