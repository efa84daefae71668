"""A phone you can look at (the device panel's notifications and app state) and the
inspector read at a glance, at desktop and phone width."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from tests.e2e.demo import PAGES, SCREENSHOTS, DemoApp, demo_fixture, sign_in, wait_for_app

demo = demo_fixture()


def open_panel(page: Page) -> None:
    page.click("#device-panel summary")
    page.wait_for_function("() => document.getElementById('app-state').childElementCount > 0")


def test_the_panel_shows_notifications_and_opening_one_fires_the_page(demo: DemoApp) -> None:
    device = demo.device("ios", "2.10.0")
    page = demo.page(device)
    sign_in(page, demo.harness.url, "ana")
    demo.send("ana", {"screen": "orders"})
    page.goto(f"{demo.harness.url}/onesignal")
    wait_for_app(page)
    open_panel(page)
    state = page.locator("#app-state").text_content() or ""
    assert "External ID" in state and "ana" in state and "granted" in state
    shade = page.locator("#device-notifications li")
    page.wait_for_function("() => document.querySelectorAll('#device-notifications li').length")
    assert "Hello ana" in (shade.first.text_content() or "")
    shade.first.locator("button").click()
    page.wait_for_selector("#push-opened")
    assert '{"screen":"orders"}' in (page.locator("#push-opened").text_content() or "")
    assert demo.console_errors[page] == []


def test_the_inspector_reads_at_a_glance(demo: DemoApp) -> None:
    first = demo.device("android", "2.10.0")
    demo.device("ios", "2.10.0", requires_privacy_consent=True)  # no IDs until consent
    page = demo.page(first)
    sign_in(page, demo.harness.url, "bo")
    sent = demo.send("bo", {"long": "x" * 400})
    page.goto(f"{demo.harness.url}/inspector")
    page.wait_for_function("() => document.body.dataset.refreshed")
    page.wait_for_function("() => document.querySelectorAll('#events tbody tr').length > 2")
    seqs = [int(s) for s in page.locator("#events tbody tr td:first-child").all_text_contents()]
    assert seqs == sorted(seqs, reverse=True)  # newest first
    page.select_option("#event-kind", "page_load")
    kinds = set(page.locator("#events tbody tr td:nth-child(3)").all_text_contents())
    assert kinds == {"page_load"}
    outbox = page.locator("#outbox .notification").first
    assert sent["id"] in (outbox.text_content() or "")
    outbox.locator("button", has_text="Open on device").click()
    page.wait_for_function(
        "() => document.querySelector('#outbox .notification').textContent.includes('opened')"
    )
    assert "external_id bo" in (page.locator("#users").text_content() or "")


def test_no_page_overflows_at_phone_width(demo: DemoApp) -> None:
    page = demo.page(demo.device("ios", "1.9.0"))
    sign_in(page, demo.harness.url, "a-rather-long-user-name-for-a-phone@example.com")
    demo.send("a-rather-long-user-name-for-a-phone@example.com", {"k": "v" * 300})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for path in PAGES:
            page.goto(f"{demo.harness.url}{path}")
            wait_for_app(page)
            if path == "/onesignal-legacy":
                page.click("[data-action=info]")
                page.wait_for_function(
                    "() => !document.getElementById('result').textContent.startsWith('Wait')"
                )
            if path == "/inspector":
                page.wait_for_function("() => document.body.dataset.refreshed")
            wide = page.evaluate("document.documentElement.scrollWidth > innerWidth")
            name = f"{width}-{path.strip('/') or 'home'}.png"
            page.screenshot(path=str(SCREENSHOTS / name), full_page=path != "/inspector")
            assert not wide, f"{path} overflows at {width} px"


def test_records_and_the_inspector_import_a_csv_file(demo: DemoApp, tmp_path: Path) -> None:
    page = demo.page(demo.device("ios", "2.10.0"))
    first = tmp_path / "first.csv"
    first.write_text("external_id,email,plan\njo,jo@shop.test,pro\nnull,,\n")
    page.goto(f"{demo.harness.url}/records")
    wait_for_app(page)
    page.set_input_files("#import-form input[type=file]", str(first))
    page.click("#import-form button")
    report = page.locator("#import-report").text_content() or ""
    assert report.startswith("1 created, 0 updated, 1 rejected") and "line 3:" in report
    second = tmp_path / "second.csv"
    second.write_text("external_id,plan\njo,team\nkim,free\n")
    page.goto(f"{demo.harness.url}/inspector")
    wait_for_app(page)
    page.set_input_files("#import-file", str(second))
    page.wait_for_function("() => document.getElementById('import-result').textContent")
    assert page.locator("#import-result").text_content() == "1 created, 1 updated, 0 rejected"
    assert demo.user("jo")["properties"]["tags"] == {"plan": "team"}  # type: ignore[index]
    assert demo.console_errors[page] == []
