"""Replaying a recording on a fresh simulated device in a scratch app, step by step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from bridge_stub.bridge.surface import functions
from bridge_stub.calibration.recording import Recording, Step, profile_of
from bridge_stub.calibration.shapes import differences
from bridge_stub.domain.devices import DeviceSpec

if TYPE_CHECKING:
    from bridge_stub.bridge.dispatch import Bridge
    from bridge_stub.domain.backend import OneSignalBackend


class Harness(Protocol):
    """What a replay needs of a running harness (the runtime is one)."""

    @property
    def backend(self) -> OneSignalBackend: ...

    @property
    def bridge(self) -> Bridge: ...

    def delete_app(self, app_id: str) -> None: ...


#: The bridge functions the calibration script calls (the recording page's script).
SCRIPT_CALLS = (
    "deviceInfo",
    "onesignal.info",
    "onesignal.onesignalInfo",
    "permissions.status",
    "onesignal.tags.getTags",
    "onesignal.tags.setTags",
    "onesignal.tags.deleteTags",
    "onesignal.login",
    "onesignal.logout",
    "onesignal.externalUserId.set",
    "onesignal.externalUserId.remove",
)


def script_commands() -> dict[str, tuple[str, str | None]]:
    """Per script call, from the bridge table: its command (without the scheme) and where its
    first argument goes (`*`: it is the data; a name: that field; None: nowhere)."""
    table = {fn.path: fn for fn in functions()}
    commands: dict[str, tuple[str, str | None]] = {}
    for call in SCRIPT_CALLS:
        fn = table[call]
        first = fn.args.split(",")[0].strip()
        argument = None if not first else "*" if first == "*" else first.split("=")[0]
        commands[call] = (fn.command.split("://", 1)[1], argument)
    return commands


COMMANDS = script_commands()


def message_for(step: Step) -> dict[str, Any] | None:
    known = COMMANDS.get(step.call)
    if known is None:
        return None
    command, argument = known
    data: dict[str, Any] = {"callback": "calibration_answer"}
    first = step.args[0] if step.args else None
    if argument == "*" and isinstance(first, dict):
        data.update(first)
    elif argument and first is not None:
        data[argument] = first
    return {"medianCommand": f"median://{command}", "data": data}


def compare(runtime: Harness, recording: Recording) -> dict[str, Any]:
    """Replay the recording on a fresh simulated device in a scratch app; report per step."""
    profile = profile_of(recording)
    backend = runtime.backend
    app = backend.create_app(name="calibration", plugins=("onesignal",))
    try:
        with backend.session(app.app_id) as session:
            device = session.devices.install(
                DeviceSpec(
                    profile.platform,
                    profile.app_version,
                    sdk=profile.sdk,
                    push_permission=profile.push_permission,
                )
            )
        steps = [replay(runtime, device.id, step) for step in recording.steps]
    finally:
        runtime.delete_app(app.app_id)
    agree = sum(1 for step in steps if step["agree"])
    return {
        "profile": {
            "platform": profile.platform.value,
            "app_version": profile.app_version,
            "sdk": profile.sdk.value,
            "push_permission": profile.push_permission.value,
        },
        "agree": agree,
        "differ": len(steps) - agree,
        "steps": steps,
    }


def replay(runtime: Harness, device_id: str, step: Step) -> dict[str, Any]:
    message = message_for(step)
    real = step.answer if step.answered else None
    if message is None:
        found = [f"{step.call} is not a call of the calibration script"]
        return {
            "call": step.call,
            "real": real,
            "simulated": None,
            "agree": False,
            "differences": found,
        }
    outcome = runtime.bridge.handle(device_id, message)
    simulated = outcome.result if outcome.answered else None
    if step.answered != outcome.answered:
        said = "answered" if step.answered else "did not answer"
        found = [f"the real app {said}; the simulation {'did' if outcome.answered else 'did not'}"]
    else:
        found = differences(real, simulated) if step.answered else []
    return {
        "call": step.call,
        "real": real,
        "simulated": simulated,
        "agree": not found,
        "differences": found,
    }
