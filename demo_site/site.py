"""The demo site's pages and its own small backend: sign-in, the IDs its pages report, the
records page that sends a test notification through the (simulated) OneSignal REST API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from bridge_stub.bodies import BadRequest, read_body, read_form
from bridge_stub.bridge import surface
from bridge_stub.control.apps import MAX_IMPORT_BYTES
from bridge_stub.control.pages import CONTENT_SECURITY_POLICY, in_median_app
from bridge_stub.control.stub_routes import DEVICE_COOKIE
from bridge_stub.domain.errors import OneSignalError
from bridge_stub.domain.models import OneSignalApp
from bridge_stub.json_response import JSONResponse
from bridge_stub.resources import TEMPLATES_DIR as HARNESS_TEMPLATES_DIR
from bridge_stub.runtime import runtime_of
from demo_site.records import SignInRecord, SiteRecords
from demo_site.resources import TEMPLATES_DIR

USER_COOKIE = "demo_site_user"
#: With no `legacy_below`, every build carries the v5 SDK, so every build is "new".
DEFAULT_FIRST_V5_VERSION = "0"

#: The demo's own templates, and the harness's pages it shows in its frame (`harness/...`).
templates = Jinja2Templates(
    env=Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(TEMPLATES_DIR), FileSystemLoader(HARNESS_TEMPLATES_DIR)]
        ),
        autoescape=select_autoescape(default=True),
    )
)


class ReportedIds(BaseModel):
    """What the login-success page reports, in the (camelCase) names Median's sample uses."""

    model_config = ConfigDict(extra="forbid", strict=True)

    yourAppUserId: str = Field(min_length=1, max_length=128)
    platform: str = Field(max_length=16)
    appVersion: str = Field(max_length=64)
    sdk: str = Field(pattern="^(v5|legacy)$")
    signedIn: bool = True
    oneSignalId: str | None = Field(default=None, max_length=64)
    oneSignalUserId: str | None = Field(default=None, max_length=64)
    oneSignalExternalId: str | None = Field(default=None, max_length=128)
    oneSignalSubscriptionId: str | None = Field(default=None, max_length=64)


def records_of(request: Request) -> SiteRecords:
    records: SiteRecords = request.app.state.site_records
    return records


def site_app(request: Request) -> OneSignalApp:
    """The OneSignal app the site works with: the app of the simulated device the browser
    uses (its cookie), else the server's default app."""
    runtime = runtime_of(request)
    device_id = request.cookies.get(DEVICE_COOKIE)
    app_id = runtime.backend.locate_device(device_id) if device_id else None
    return runtime.backend.get_app(app_id or runtime.default_app_id)


def page_context(request: Request, **extra: Any) -> dict[str, Any]:
    """What every page template knows: whether a real Median app shows it (then no stub and
    no device panel), the signed-in site user, and the first app version with the v5 SDK."""
    app = site_app(request)
    return {
        "in_median_app": in_median_app(request),
        "user": request.cookies.get(USER_COOKIE),
        "first_v5_version": app.legacy_below or DEFAULT_FIRST_V5_VERSION,
        "app_id": app.app_id,
        **extra,
    }


def render(request: Request, name: str, **extra: Any) -> Response:
    response = templates.TemplateResponse(request, name, page_context(request, **extra))
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


async def index(request: Request) -> Response:
    return render(request, "index.html")


async def onesignal(request: Request) -> Response:
    return render(request, "onesignal.html", legacy_page=False)


async def onesignal_legacy(request: Request) -> Response:
    return render(request, "onesignal.html", legacy_page=True)


async def login_form(request: Request) -> Response:
    return render(request, "login.html", error=None)


async def login(request: Request) -> Response:
    """Sign in as any site user (no password in the demo)."""
    form = await read_form(request)
    username = str(form.get("username", "")).strip()
    if not 1 <= len(username) <= 128:
        return render(request, "login.html", error="Choose a user name of 1 to 128 characters.")
    response = RedirectResponse("/login/success", status_code=303)
    response.set_cookie(USER_COOKIE, username, samesite="lax", httponly=True)
    return response


async def login_success(request: Request) -> Response:
    if not request.cookies.get(USER_COOKIE):
        return RedirectResponse("/login", status_code=303)
    return render(request, "login_success.html")


async def signout(request: Request) -> Response:
    return render(request, "signout.html")


async def save_ids(request: Request) -> Response:
    """The site's backend stores what the page reports (upsert per user and install)."""
    user = request.cookies.get(USER_COOKIE)
    try:
        body = await read_body(request, ReportedIds)
    except BadRequest as error:
        return JSONResponse({"error": error.title}, status_code=400)
    if user is None or body.yourAppUserId != user:
        return JSONResponse({"error": "Sign in as this user first."}, status_code=403)
    channel_id = body.oneSignalSubscriptionId or body.oneSignalUserId
    if not channel_id:
        return JSONResponse({"error": "No subscription or player id reported."}, status_code=400)
    records = records_of(request)
    if not body.signedIn:
        records.sign_out(user, channel_id)
        response = JSONResponse({"signedIn": False})
        response.delete_cookie(USER_COOKIE)
        return response
    saved = records.save(
        SignInRecord(
            your_app_user_id=user,
            channel_id=channel_id,
            platform=body.platform,
            app_version=body.appVersion,
            sdk=body.sdk,
            onesignal_id=body.oneSignalId,
            onesignal_user_id=body.oneSignalUserId,
            external_id=body.oneSignalExternalId,
            subscription_id=body.oneSignalSubscriptionId,
            signed_in=True,
        )
    )
    return JSONResponse(saved.as_dict())


async def records_page(request: Request) -> Response:
    sent = request.query_params.get("sent")
    problem = request.query_params.get("problem")
    return render(
        request, "records.html", records=records_of(request).all(), sent=sent, problem=problem
    )


async def notify(request: Request) -> Response:
    """Send a test notification to an external ID, as the site's backend would: through the
    OneSignal REST API (here the simulated one), with the app's key."""
    form = await read_form(request)
    external_id = str(form.get("external_id", ""))[:128]
    message = str(form.get("message", "") or "Hello from the demo site")[:500]
    app = site_app(request)
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        response = await client.post(
            "/notifications",
            headers={"Authorization": f"Key {app.api_key}"},
            json={
                "app_id": app.app_id,
                "contents": {"en": message},
                "include_aliases": {"external_id": [external_id]},
                "target_channel": "push",
                "data": {"from": "demo-site", "externalId": external_id},
            },
        )
    reply = response.json()
    if response.status_code == 200 and reply.get("id"):
        return RedirectResponse(f"/records?sent={reply['id']}", status_code=303)
    errors = reply.get("errors")
    return RedirectResponse("/records?" + urlencode({"problem": str(errors)}), status_code=303)


async def bridge_explorer(request: Request) -> Response:
    return render(request, "bridge.html", namespaces=list(surface.namespaces().items()))


async def import_page(request: Request) -> Response:
    """The site's own upload of a CSV file of users into the app (OneSignal's format)."""
    try:
        form = await read_form(request, limit=MAX_IMPORT_BYTES)
    except BadRequest as error:
        refused = render(
            request, "records.html", records=records_of(request).all(), imported=error.title
        )
        refused.status_code = 413
        return refused
    upload = form.get("file")
    raw = None if upload is None or isinstance(upload, str) else await upload.read()
    await form.close()
    summary = "Choose a CSV file first."
    if raw is not None:
        try:
            report = await run_in_threadpool(
                runtime_of(request).backend.import_users, site_app(request).app_id, raw.decode()
            )
            summary = "\n".join(
                [
                    f"{report.created} created, {report.updated} updated, "
                    f"{report.rejected} rejected",
                    *(f"line {r['line']}: {r['reason']}" for r in report.rejections),
                ]
            )
        except UnicodeDecodeError:
            summary = "The file is not UTF-8 text."
        except OneSignalError as error:
            summary = error.title
    return render(request, "records.html", records=records_of(request).all(), imported=summary)


async def calibrate_page(request: Request) -> Response:
    return render(request, "calibrate.html")


async def inspector(request: Request) -> Response:
    return render(request, "inspector.html")


routes = [
    Route("/", index, methods=["GET"]),
    Route("/onesignal", onesignal, methods=["GET"]),
    Route("/onesignal-legacy", onesignal_legacy, methods=["GET"]),
    Route("/login", login_form, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/login/success", login_success, methods=["GET"]),
    Route("/signout", signout, methods=["GET"]),
    Route("/site/onesignal-ids", save_ids, methods=["POST"]),
    Route("/records", records_page, methods=["GET"]),
    Route("/records/notify", notify, methods=["POST"]),
    Route("/records/import", import_page, methods=["POST"]),
    Route("/inspector", inspector, methods=["GET"]),
    Route("/bridge", bridge_explorer, methods=["GET"]),
    Route("/calibrate", calibrate_page, methods=["GET"]),
]
