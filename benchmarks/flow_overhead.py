"""Per-test cost of the plugin's fixtures in a Playwright flow test, against the same test on
pytest-playwright's bare `page`, browser start excluded: each suite runs with 1 and with
N+1 tests, and the difference divided by N is the cost of one test."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
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

HARNESS = (
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


def per_test_ms(template: str) -> float:
    one = min(run_suite(template, 1) for _ in range(ROUNDS))
    many = min(run_suite(template, TESTS + 1) for _ in range(ROUNDS))
    return (many - one) / TESTS * 1000


def main() -> None:
    bare, harness = per_test_ms(BARE), per_test_ms(HARNESS)
    print(f"per-test cost of a Playwright flow test (best of {ROUNDS}, {TESTS} tests)")
    print(f"{'bare page (goto + evaluate)':40}{bare:8.0f} ms")
    print(f"{'median_page + login (fresh app, device)':40}{harness:8.0f} ms")
    print(f"{'overhead of the fixtures':40}{harness - bare:8.0f} ms  ratio {harness / bare:.2f}")


if __name__ == "__main__":
    main()
