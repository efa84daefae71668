"""Every Python example test in the README and the docs runs as written, each in a project of
its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def readme_examples() -> list[str]:
    """The ```python blocks of the README and the docs that are test modules."""
    blocks = [
        block
        for page in PAGES
        for block in re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
    ]
    return [block for block in blocks if re.search(r"^def test_", block, re.MULTILINE)]


def test_the_readme_has_its_examples() -> None:
    assert len(readme_examples()) >= 4


@pytest.mark.parametrize("example", readme_examples(), ids=lambda block: block.split("(")[0][-40:])
def test_each_readme_example_passes(pytester: pytest.Pytester, example: str) -> None:
    pytester.makepyfile(test_example=example)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    tests = len(re.findall(r"^def test_", example, re.MULTILINE))
    result.assert_outcomes(passed=tests)
