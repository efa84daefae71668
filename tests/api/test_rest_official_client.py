"""The official `onesignal-python-api` client against the harness, changing only its host
and key: the seed create-user body, views, tags, aliases, subscriptions, notifications."""

from __future__ import annotations

import onesignal
import pytest
from onesignal.api.default_api import DefaultApi
from onesignal.exceptions import ApiException
from onesignal.model.filter import Filter
from onesignal.model.identity_object import IdentityObject
from onesignal.model.language_string_map import LanguageStringMap
from onesignal.model.notification import Notification
from onesignal.model.properties_object import PropertiesObject
from onesignal.model.subscription import Subscription
from onesignal.model.subscription_body import SubscriptionBody
from onesignal.model.transfer_subscription_request_body import TransferSubscriptionRequestBody
from onesignal.model.update_user_request import UpdateUserRequest
from onesignal.model.user import User
from onesignal.model.user_identity_body import UserIdentityBody

from bridge_stub.testkit import AppUnderTest


def seed_user(external_id: str = "alice") -> User:
    """The create-user body of OneSignal's API reference, field by field."""
    return User(
        properties=PropertiesObject(
            tags={"plan": "pro", "level": "gold"},
            language="en",
            timezone_id="America/Los_Angeles",
            lat=37.77,
            long=-122.42,
            country="US",
            first_active=1_700_000_000,
            last_active=1_700_086_400,
            ip="203.0.113.7",
        ),
        identity=IdentityObject(external_id=external_id),
        subscriptions=[
            Subscription(
                type="iOSPush",
                token="a1" * 32,
                enabled=True,
                notification_types=1,
                session_time=120,
                session_count=3,
                app_version="2.1.0",
                device_model="iPhone15,4",
                device_os="17.5",
                test_type=1,
                sdk="050213",
                rooted=False,
                web_auth="auth",
                web_p256="p256",
            )
        ],
    )


def test_create_user_with_the_seed_body(api: DefaultApi, onesignal_app: AppUnderTest) -> None:
    created = api.create_user(onesignal_app.app_id, seed_user())
    assert created.identity["external_id"] == "alice"
    onesignal_id = created.identity["onesignal_id"]
    assert len(onesignal_id) == 36
    assert created.properties.tags == {"plan": "pro", "level": "gold"}
    assert created.properties.timezone_id == "America/Los_Angeles"
    (subscription,) = created.subscriptions
    assert subscription.type == "iOSPush" and subscription.session_count == 3

    again = api.create_user(
        onesignal_app.app_id, User(identity=IdentityObject(external_id="alice"))
    )
    assert again.identity["onesignal_id"] == onesignal_id
    state = onesignal_app.state()
    assert [u["identity"]["onesignal_id"] for u in state["users"]] == [onesignal_id]


def test_view_and_update_a_user(api: DefaultApi, onesignal_app: AppUnderTest) -> None:
    api.create_user(onesignal_app.app_id, seed_user())
    viewed = api.get_user(onesignal_app.app_id, "external_id", "alice")
    assert viewed.properties.country == "US"
    updated = api.update_user(
        onesignal_app.app_id,
        "external_id",
        "alice",
        UpdateUserRequest(properties=PropertiesObject(tags={"plan": "", "team": "blue"})),
    )
    assert updated.properties.tags == {"level": "gold", "team": "blue"}
    assert api.get_user(onesignal_app.app_id, "external_id", "alice").properties.tags == {
        "level": "gold",
        "team": "blue",
    }
    with pytest.raises(ApiException) as missing:
        api.get_user(onesignal_app.app_id, "external_id", "nobody")
    assert missing.value.status == 404


def test_aliases_and_their_conflict(api: DefaultApi, onesignal_app: AppUnderTest) -> None:
    app_id = onesignal_app.app_id
    api.create_user(app_id, seed_user("alice"))
    api.create_user(app_id, User(identity=IdentityObject(external_id="bob")))
    added = api.create_alias(
        app_id, "external_id", "alice", UserIdentityBody(identity=IdentityObject(crm_id="C-1"))
    )
    assert added.identity["crm_id"] == "C-1"
    assert api.get_aliases(app_id, "crm_id", "C-1").identity["external_id"] == "alice"
    with pytest.raises(ApiException) as conflict:
        api.create_alias(
            app_id, "external_id", "bob", UserIdentityBody(identity=IdentityObject(crm_id="C-1"))
        )
    assert conflict.value.status == 409
    assert '"user-2"' in conflict.value.body
    remaining = api.delete_alias(app_id, "external_id", "alice", "crm_id")
    assert "crm_id" not in remaining.identity


def test_subscriptions_create_transfer_delete(api: DefaultApi, onesignal_app: AppUnderTest) -> None:
    app_id = onesignal_app.app_id
    api.create_user(app_id, seed_user("alice"))
    api.create_user(app_id, User(identity=IdentityObject(external_id="bob")))
    made = api.create_subscription(
        app_id,
        "external_id",
        "alice",
        SubscriptionBody(subscription=Subscription(type="Email", token="alice@example.com")),
    )
    email_id = made.subscription.id
    owner = api.get_aliases_by_subscription(app_id, email_id)
    assert owner.identity["external_id"] == "alice"
    moved = api.transfer_subscription(
        app_id, email_id, TransferSubscriptionRequestBody(identity={"external_id": "bob"})
    )
    assert moved.identity["external_id"] == "bob"
    bob = api.get_user(app_id, "external_id", "bob")
    assert [s.id for s in bob.subscriptions] == [email_id]
    api.update_subscription(
        app_id, email_id, SubscriptionBody(subscription=Subscription(type="Email", enabled=False))
    )
    assert api.get_user(app_id, "external_id", "bob").subscriptions[0].enabled is False
    api.delete_subscription(app_id, email_id)
    assert api.get_user(app_id, "external_id", "bob").subscriptions == []
    api.delete_user(app_id, "external_id", "bob")
    with pytest.raises(ApiException):
        api.get_user(app_id, "external_id", "bob")


def test_notifications_by_external_id_and_by_tag(
    api: DefaultApi, onesignal_app: AppUnderTest
) -> None:
    app_id = onesignal_app.app_id
    api.create_user(app_id, seed_user("alice"))
    by_alias = api.create_notification(
        Notification(
            app_id=app_id,
            contents=LanguageStringMap(en="Your order shipped"),
            include_aliases={"external_id": ["alice"]},
            target_channel="push",
            data={"order": "42"},
        )
    )
    assert by_alias.id and not by_alias.get("errors")
    by_tag = api.create_notification(
        Notification(
            app_id=app_id,
            contents=LanguageStringMap(en="Gold members"),
            filters=[Filter(field="tag", key="level", relation="=", value="gold")],
        )
    )
    assert by_tag.id and by_tag.id != by_alias.id
    nobody = api.create_notification(
        Notification(
            app_id=app_id,
            contents=LanguageStringMap(en="Silver members"),
            filters=[Filter(field="tag", key="level", relation="=", value="silver")],
        )
    )
    assert nobody.id == "" and nobody.errors == ["All included players are not subscribed"]
    outbox = onesignal_app.state()["outbox"]
    assert [n["id"] for n in outbox] == [by_alias.id, by_tag.id]
    assert outbox[0]["data"] == {"order": "42"}


def test_a_wrong_key_is_refused(onesignal_app: AppUnderTest) -> None:
    configuration = onesignal.Configuration(host=onesignal_app.url, rest_api_key="wrong-key")
    with onesignal.ApiClient(configuration) as client, pytest.raises(ApiException) as refused:
        DefaultApi(client).get_user(onesignal_app.app_id, "external_id", "alice")
    assert refused.value.status == 401
    assert "Access denied" in refused.value.body
