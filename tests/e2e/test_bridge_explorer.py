"""The bridge explorer and the device panel's view of the app, in a real browser."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.demo import SCREENSHOTS, DemoApp, demo_fixture, wait_for_app

demo = demo_fixture()


def call(page: Page, path: str, args: str) -> str:
    page.fill("#function-path", path)
    page.fill("#function-args", args)
    page.locator("#answer").evaluate("element => { element.textContent = ''; }")
    page.click("#call-form button[type=submit]")
    page.wait_for_function(
        "() => { const t = document.getElementById('answer').textContent;"
        " return t && !t.startsWith('Waiting'); }",
        timeout=10_000,
    )
    return page.locator("#answer").text_content() or ""


def test_the_explorer_lists_every_namespace_and_calls_any_function(demo: DemoApp) -> None:
    page = demo.page(demo.device("android", "2.10.0", push_permission="denied"))
    page.goto(f"{demo.harness.url}/bridge")
    wait_for_app(page)
    assert page.locator("details.namespace").count() >= 80
    status = call(page, "permissions.status", '[["Notifications"]]')
    assert '"Notifications": "denied"' in status
    call(page, "clipboard.set", '[{"data": "SAVE10"}]')
    assert '"data": "SAVE10"' in call(page, "clipboard.get", "[]")
    silent = call(page, "haptics.trigger", '[{"style": "impactLight"}]')
    assert silent.startswith("No answer:") and "needs the haptics plugin" in silent
    assert "not JSON" in call(page, "clipboard.get", "[oops")
    assert demo.console_errors[page] == []


def test_the_device_panel_shows_what_the_app_shows(demo: DemoApp) -> None:
    page = demo.page(demo.device("ios", "2.10.0"))
    page.goto(f"{demo.harness.url}/bridge")
    wait_for_app(page)
    call(page, "navigationTitles.setCurrent", '[{"title": "Cart"}]')
    call(page, "share.sharePage", '[{"url": "https://shop.test/p/1"}]')
    page.reload()
    wait_for_app(page)
    page.click("#device-panel summary")
    page.wait_for_function("() => document.getElementById('app-ui').textContent.includes('Cart')")
    shown = page.locator("#app-ui").text_content() or ""
    assert "Title" in shown and "Last share" in shown and "https://shop.test/p/1" in shown
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth > innerWidth")
        assert not overflow, f"/bridge overflows at {width} px"
        page.screenshot(path=str(SCREENSHOTS / f"bridge-{width}.png"), full_page=True)
