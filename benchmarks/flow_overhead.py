"""Per-test cost of the plugin's fixtures in a Playwright flow test, against the same test on
pytest-playwright's bare `page`. One suite runs the three kinds of test interleaved ((a) bare,
(b) the fixtures, (c) the fixtures and a login), so the machine's load falls on each kind
alike; a test's cost is its setup, call and teardown time as pytest reports it. Each kind's
first test (which starts the browser or the harness) is left out; a kind's figure is the
median test of a round, and its ratio to the bare test is taken within each round; both are
the median of rounds."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Mapping
from pathlib import Path

TESTS = 30
ROUNDS = 5
KINDS = ("a", "b", "c")

COMMON = """
PAGE = "<!doctype html><html><head></head><body>shop</body></html>"


def open_shop(page):
    page.route("http://shop.test/**", lambda r: r.fulfill(body=PAGE, content_type="text/html"))
    page.goto("http://shop.test/")
"""

TESTS_BY_KIND = {
    "a": """
def test_a_{n}(page):
    open_shop(page)
    assert page.evaluate("1 + 1") == 2
""",
    "b": """
def test_b_{n}(median_page, median_device, onesignal_app):
    open_shop(median_page)
    assert median_page.evaluate("1 + 1") == 2
""",
    "c": """
def test_c_{n}(median_page, median_device, onesignal_app):
    open_shop(median_page)
    assert median_page.evaluate("median.onesignal.login('user-{n}')") == {{"success": True}}
""",
}

#: pytest's JUnit report with each test's setup, call and teardown time together.
JUNIT = ("-o", "junit_duration_report=total", "--junitxml")

#: One round's test durations in milliseconds, by kind, in the order the tests ran.
Durations = dict[str, list[float]]


def run_pytest_round() -> Durations:
    """One interleaved suite under pytest; each test's setup + call + teardown time."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = COMMON + "".join(
            TESTS_BY_KIND[kind].format(n=n) for n in range(TESTS) for kind in KINDS
        )
        (folder / "test_flows.py").write_text(source)
        report = folder / "report.xml"
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", tmp, *JUNIT, report],
            check=True,
            capture_output=True,
        )
        durations: Durations = {kind: [] for kind in KINDS}
        for case in ElementTree.parse(report).iter("testcase"):
            kind = case.attrib["name"].split("_")[1]
            durations[kind].append(float(case.attrib["time"]) * 1000)
        return durations


def per_test_ms(run_round: Callable[[], Durations]) -> dict[str, float]:
    """Each kind's per-test cost: the median test of a round (its first test left out, since
    it starts the browser or the harness), the median of rounds; and each kind's ratio to the
    bare test, taken within each round (whose kinds ran side by side), the median of rounds."""
    rounds = [
        {kind: statistics.median(durations[kind][1:]) for kind in KINDS}
        for durations in (run_round() for _ in range(ROUNDS))
    ]
    costs = {kind: statistics.median(medians[kind] for medians in rounds) for kind in KINDS}
    for kind in KINDS[1:]:
        costs[f"{kind}/a"] = statistics.median(medians[kind] / medians["a"] for medians in rounds)
    costs["spread"] = max(m["b"] / m["a"] for m in rounds) - min(m["b"] / m["a"] for m in rounds)
    return costs


def report(package: str, costs: Mapping[str, float]) -> None:
    """The three per-test costs and their ratios to the bare test."""
    print(f"{package}: per-test cost of a flow test (median test of a round, median of {ROUNDS}")
    print(f"  rounds of {TESTS} tests of each kind, interleaved; browser start left out)")
    rows = [
        ("(a) bare page (goto + evaluate)", "a", ""),
        ("(b) the fixtures' page, fresh app and device", "b", "b/a"),
        ("(c) the same with one login round trip", "c", "c/a"),
    ]
    for label, kind, ratio in rows:
        shown = f"({ratio}) {costs[ratio]:.2f}" if ratio else ""
        print(f"  {label:46}{costs[kind]:8.0f} ms  {shown}")
    print(f"  (b)/(a) from round to round: a spread of {costs['spread']:.2f}")


def main() -> None:
    report("pytest", per_test_ms(run_pytest_round))


if __name__ == "__main__":
    main()
