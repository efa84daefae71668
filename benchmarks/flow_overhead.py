"""Per-test cost of the plugin's fixtures in a Playwright flow test, against the same test on
pytest-playwright's bare `page`. One suite runs the three kinds of test interleaved ((a) bare,
(b) the fixtures, (c) the fixtures and a login), so the machine's load falls on each kind
alike; a test's cost is its setup, call and teardown time as pytest reports it. Each kind's
first test (which starts the browser or the harness) is left out; a kind's figure is the
median test of a round, the median of rounds. Its ratio to the bare test pairs each test with
the bare test that ran beside it (the machine's load at that moment falls on both): the
median pair of a round, the median of rounds."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Mapping
from pathlib import Path

TESTS = 30
ROUNDS = 7
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


def paired_ratio(durations: Durations, kind: str) -> float:
    """The median of a round's ratios of each test of `kind` to the bare test beside it."""
    pairs = zip(durations[kind][1:], durations["a"][1:], strict=True)
    return statistics.median(test / bare for test, bare in pairs)


def per_test_ms(run_round: Callable[[], Durations]) -> dict[str, float]:
    """Each kind's per-test cost: the median test of a round (its first test left out, since
    it starts the browser or the harness), the median of rounds; each kind's ratio to the
    bare test, paired test by test within each round, the median of rounds; and, beside it,
    the ratio of the two kinds' figures."""
    rounds = [run_round() for _ in range(ROUNDS)]
    medians = [{kind: statistics.median(one[kind][1:]) for kind in KINDS} for one in rounds]
    costs = {kind: statistics.median(m[kind] for m in medians) for kind in KINDS}
    for kind in KINDS[1:]:
        costs[f"{kind}/a"] = statistics.median(paired_ratio(one, kind) for one in rounds)
        costs[f"{kind}:a"] = costs[kind] / costs["a"]
    ratios = [paired_ratio(one, "b") for one in rounds]
    costs["spread"] = max(ratios) - min(ratios)
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
        shown = ""
        if ratio:
            of_figures = costs[ratio.replace("/", ":")]
            shown = f"({ratio}) {costs[ratio]:.2f} paired, {of_figures:.2f} of the figures"
        print(f"  {label:46}{costs[kind]:8.0f} ms  {shown}")
    print(f"  (b)/(a), paired, from round to round: a spread of {costs['spread']:.2f}")


def main() -> None:
    report("pytest", per_test_ms(run_pytest_round))


if __name__ == "__main__":
    main()
