"""Control routes for calibration: keep a recording made in a real app, and report where
the simulation differs from it."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bridge_stub.bodies import read_body
from bridge_stub.calibration import Recording, compare
from bridge_stub.control.common import handles_errors
from bridge_stub.domain.errors import NotFound
from bridge_stub.json_response import JSONResponse
from bridge_stub.runtime import runtime_of


def recording_of(request: Request) -> Recording:
    kept = runtime_of(request).calibrations.get(request.path_params["calibration_id"])
    if kept is None:
        raise NotFound("calibration-not-found", "No calibration with this id.")
    return Recording.model_validate(kept)


@handles_errors
async def create(request: Request) -> Response:
    recording = await read_body(request, Recording)
    calibration_id = runtime_of(request).calibrations.keep(recording)
    return JSONResponse({"id": calibration_id}, status_code=201)


@handles_errors
async def listing(request: Request) -> Response:
    return JSONResponse({"calibrations": runtime_of(request).calibrations.ids()})


@handles_errors
async def report(request: Request) -> Response:
    recording = recording_of(request)
    found = await run_in_threadpool(compare, runtime_of(request), recording)
    return JSONResponse({"id": request.path_params["calibration_id"], **found})


@handles_errors
async def recording(request: Request) -> Response:
    return JSONResponse(recording_of(request).model_dump(mode="json"))
