"""/calibrate under the stub: the recording it makes agrees with the simulation on every
step, and the report is shown side by side."""

from __future__ import annotations

import pytest

from tests.e2e.demo import SCREENSHOTS, DemoApp, demo_fixture, wait_for_app

demo = demo_fixture()


@pytest.mark.parametrize(("platform", "version"), [("ios", "2.10.0"), ("android", "1.9.0")])
def test_a_recording_made_under_the_stub_agrees(demo: DemoApp, platform: str, version: str) -> None:
    page = demo.page(demo.device(platform, version))
    page.goto(f"{demo.harness.url}/calibrate")
    wait_for_app(page)
    if version != "1.9.0":
        page.check("#with-login")
    page.click("#run-calibration")
    page.wait_for_selector("#calibration-outcome[data-done]", timeout=30_000)
    outcome = page.locator("#calibration-outcome").text_content() or ""
    assert " 0 differ" in outcome, outcome
    calibration_id = page.locator("#calibration-outcome").get_attribute("data-id")
    report = demo.harness.client.http.get(f"/calibrations/{calibration_id}").json()
    expected_steps = 8 if version != "1.9.0" else 6
    assert (report["agree"], report["differ"]) == (expected_steps, 0)
    assert report["profile"]["sdk"] == ("legacy" if version == "1.9.0" else "v5")
    assert page.locator("#calibration-report tbody tr").count() == expected_steps
    kept = demo.harness.client.http.get(f"/calibrations/{calibration_id}/recording").json()
    assert [s["call"] for s in kept["steps"]][:2] == ["deviceInfo", "onesignal.onesignalInfo"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"calibrate-{platform}.png"), full_page=True)
    assert demo.console_errors[page] == []
