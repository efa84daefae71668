"""The wheel carries both packages, the static files, the console script and the plugin."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_static_files_that_the_installed_package_finds(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
        ],
        check=True,
        timeout=120,
    )
    (wheel,) = tmp_path.glob("median_harness-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        declared = archive.read(entry_points).decode()
        archive.extractall(tmp_path / "site")
    assert "bridge_stub/static/site.css" in names
    assert "bridge_stub/static/bridge_stub.js" in names and "bridge_stub/static/demo.js" in names
    assert "bridge_stub/static/median_library.js" in names
    assert "demo_site/templates/base.html" in names
    assert "bridge_stub/bridge/commands.tsv" in names
    assert "bridge_stub/cli.py" in names and "bridge_stub/domain/users.py" in names
    assert "bridge_stub/templates/harness/page.html" in names
    assert "median-harness = bridge_stub.cli:main" in declared
    assert "demo = demo_site.app:demo_site" in declared
    assert "median_harness = bridge_stub.pytest_plugin" in declared

    found = subprocess.run(
        [sys.executable, "-c", "from bridge_stub.resources import static_dir; print(static_dir())"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found) == tmp_path / "site" / "bridge_stub" / "static"
    assert (Path(found) / "site.css").is_file()


def test_both_packages_pin_the_same_playwright() -> None:
    """One Playwright (and so one browser build) for the Python and the npm fixtures."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    python = project["optional-dependencies"]["test"]
    (pin,) = [d for d in python if d.startswith("playwright==")]
    npm = json.loads((ROOT / "js" / "package.json").read_text())["devDependencies"]
    assert pin.removeprefix("playwright==") == npm["@playwright/test"]
