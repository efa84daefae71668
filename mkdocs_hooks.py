"""The docs site's reference pages, written from the project's own tables when the site is
built: a page that says `<!-- reference: NAME -->` gets that table in its place."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bridge_stub.bridge.surface import functions
from bridge_stub.cli import build_parser
from bridge_stub.control.table import OPERATIONS as CONTROL
from bridge_stub.rest import OPERATIONS as REST

ROOT = Path(__file__).parent
PLACEHOLDER = re.compile(r"<!-- reference: ([\w-]+) -->")
PACKAGE_CLASSES = {
    "app": ("AppUnderTest", "OneSignalApp"),
    "device": ("SimulatedDevice", "SimulatedDevice"),
}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def cli() -> str:
    parser = build_parser()
    parts = [f"```text\n{parser.format_help()}```"]
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for name, sub in action.choices.items():  # type: ignore[union-attr]
            assert isinstance(sub, argparse.ArgumentParser)
            parts.append(f"## `median-harness {name}`\n\n```text\n{sub.format_help()}```")
    return "\n\n".join(parts)


def body_fields(model: Any) -> str:
    if model is None:
        return ""
    return ", ".join(f"`{name}`" for name in model.model_fields)


def control_api() -> str:
    rows = [
        "| Method | Path | What it does | Body | Pages may call | Fixture methods |",
        "|---|---|---|---|---|---|",
    ]
    for op in CONTROL:
        body = body_fields(op.body) or ("text" if op.content in ("text", "csv") else "")
        fixtures = ", ".join(f"`{f}`" for f in op.fixtures)
        caller = "yes" if op.caller == "page" else ""
        path = op.full_path.replace("|", "\\|")
        rows.append(f"| {op.method} | `{path}` | {op.summary} | {body} | {caller} | {fixtures} |")
    return "\n".join(rows)


def rest_api() -> str:
    rows = ["| Method | Path | What it does | Body |", "|---|---|---|---|"]
    for op in REST:
        rows.append(f"| {op.method} | `{op.path}` | {op.summary} | {body_fields(op.body)} |")
    return "\n".join(rows)


def bridge_commands() -> str:
    rows = ["| Function | Kind | Command | Plugin | Answer |", "|---|---|---|---|---|"]
    for fn in functions():
        command = fn.command.replace("|", "\\|")
        rows.append(
            f"| `median.{fn.path}` | {fn.kind} | `{command}` | {fn.plugin} | {fn.reply.value} |"
        )
    return "\n".join(rows)


def fixtures() -> str:
    rows = ["| Control route | Python (pytest) | npm (Playwright Test) |", "|---|---|---|"]
    for op in CONTROL:
        for name in op.fixtures:
            kind, method = name.split(".")
            python, npm = PACKAGE_CLASSES[kind]
            rows.append(
                f"| {op.method} `{op.path}` | `{python}.{method}()` | `{npm}.{camel(method)}()` |"
            )
    return "\n".join(rows)


def changelog() -> str:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return text.split("\n", 1)[1]  # the page has its own title


REFERENCES: dict[str, Callable[[], str]] = {
    "cli": cli,
    "control-api": control_api,
    "rest-api": rest_api,
    "bridge-commands": bridge_commands,
    "fixtures": fixtures,
    "changelog": changelog,
}


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """MkDocs hook: put each named reference where its page asks for it."""
    return PLACEHOLDER.sub(lambda found: REFERENCES[found.group(1)](), markdown)
