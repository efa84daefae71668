"""Where calibration recordings are kept: in memory, and as JSON files in a directory when
the server has one (beside its database), so they survive a restart."""

from __future__ import annotations

import json
import threading
import uuid
from pathlib import Path
from typing import Any

from bridge_stub.calibration.recording import Recording


class CalibrationShelf:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._kept: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        if directory is not None and directory.is_dir():
            for path in sorted(directory.glob("*.json")):
                try:
                    self._kept[path.stem] = json.loads(path.read_text("utf-8"))
                except (OSError, ValueError):
                    continue

    def keep(self, recording: Recording) -> str:
        calibration_id = str(uuid.uuid4())
        body = recording.model_dump(mode="json")
        with self._lock:
            self._kept[calibration_id] = body
            if self.directory is not None:
                self.directory.mkdir(parents=True, exist_ok=True)
                (self.directory / f"{calibration_id}.json").write_text(json.dumps(body), "utf-8")
        return calibration_id

    def get(self, calibration_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._kept.get(calibration_id)

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._kept)
