"""Per-test cost of the plugin's fixtures in a Playwright flow test, against the same test on
pytest-playwright's bare `page`, browser start excluded: each suite runs with 1 and with
N+1 tests, and the difference divided by N is the cost of one test."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TESTS = 20
ROUNDS = 3

COMMON = """
PAGE = "<!doctype html><html><head></head><body>shop</body></html>"


def open_shop(page):
    page.route("http://shop.test/**", lambda r: r.fulfill(body=PAGE, content_type="text/html"))
    page.goto("http://shop.test/")
"""

BARE = (
    COMMON
    + """

def test_flow_{n}(page):
    open_shop(page)
    assert page.evaluate("1 + 1") == 2
"""
)

FIXTURES = (
    COMMON
    + """

def test_flow_{n}(median_page, median_device, onesignal_app):
    open_shop(median_page)
    assert median_page.evaluate("1 + 1") == 2
"""
)

LOGIN = (
    COMMON
    + """

def test_flow_{n}(median_page, median_device, onesignal_app):
    open_shop(median_page)
    assert median_page.evaluate("median.onesignal.login('user-{n}')") == {{"success": True}}
"""
)


def run_suite(template: str, tests: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        source = "\n".join(template.format(n=n) for n in range(tests))
        (Path(tmp) / "test_flows.py").write_text(source)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", tmp],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def per_test_ms(template: str, run: Callable[[str, int], float] = run_suite) -> float:
    """One test's cost: a suite of N+1 tests less a suite of one, over N (best of rounds)."""
    one = min(run(template, 1) for _ in range(ROUNDS))
    many = min(run(template, TESTS + 1) for _ in range(ROUNDS))
    return (many - one) / TESTS * 1000


def report(package: str, bare: float, fixtures: float, login: float) -> None:
    """The three per-test costs and their ratios to the bare test."""
    print(f"{package}: per-test cost of a flow test (best of {ROUNDS}, {TESTS} tests)")
    rows = [
        ("(a) bare page (goto + evaluate)", bare, ""),
        (
            "(b) the fixtures' page, fresh app and device",
            fixtures,
            f"(b)/(a) {fixtures / bare:.2f}",
        ),
        ("(c) the same with one login round trip", login, f"(c)/(a) {login / bare:.2f}"),
    ]
    for label, value, ratio in rows:
        print(f"{label:46}{value:8.0f} ms  {ratio}")


def main() -> None:
    report("pytest", per_test_ms(BARE), per_test_ms(FIXTURES), per_test_ms(LOGIN))


if __name__ == "__main__":
    main()
