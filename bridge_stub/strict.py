"""Strict mode's failure message, one text for both fixture packages: its first line names the
first command the app never answered, the app version, the SDK or plugin, and the fix in the
package's own words; each further command follows on its own line."""

from __future__ import annotations

from typing import Any, Literal

Package = Literal["pytest", "npm"]

#: How each package says: give the app the plugin, and turn strict mode off for one test.
WORDS: dict[str, dict[str, str]] = {
    "pytest": {
        "plugin": "Give the app that plugin (onesignal_app.set_plugins([...]))",
        "lenient": "mark the test @pytest.mark.median_lenient (--median-harness-lenient for a "
        "whole run)",
    },
    "npm": {
        "plugin": "Give the app that plugin (onesignalApp.setPlugins([...]))",
        "lenient": "turn strict mode off for this test: test.use({ medianStrict: false })",
    },
}
CHECK_VERSION = "Check the app version (Device Info) before calling it"


def strict_message(unsupported: list[dict[str, Any]], package: Package) -> str | None:
    """The failure for a test whose pages sent these unsupported commands (None: none)."""
    if not unsupported:
        return None
    words = WORDS[package]
    first = unsupported[0]["message"]
    fix = words["plugin"] if "plugin" in first else CHECK_VERSION
    lines = [f"median-harness (strict mode): {first} {fix}, or {words['lenient']}."]
    lines += [f"  also: {event['message']}" for event in unsupported[1:]]
    return "\n".join(lines)
