"""Who a notification reaches, and what is delivered and shown on devices."""

from __future__ import annotations

import pytest

from bridge_stub.domain import InvalidInput, Platform, PushPermission
from bridge_stub.domain.changes import NewSubscription
from bridge_stub.domain.models import SubscriptionType
from bridge_stub.domain.notifications import Message
from bridge_stub.domain.targeting import OR, Audience, Filter, validate_filter
from tests.helpers import AppSteps

HELLO = Message(contents={"en": "Hello"}, data={"screen": "orders"})


def sent_to(steps: AppSteps, audience: Audience) -> tuple[set[str], dict[str, object]]:
    with steps.session() as s:
        sent = s.notifications.send(HELLO, audience)
        recipients = set(sent.notification.recipients) if sent.notification else set()
        return recipients, sent.invalid


def test_external_id_reaches_v5_subscriptions_and_legacy_players(steps: AppSteps) -> None:
    phone = steps.install(Platform.IOS, "2.0.0")
    old_tablet = steps.install(Platform.ANDROID, "1.0.0")
    stranger = steps.install(Platform.ANDROID, "2.0.0")
    with steps.session() as s:
        s.v5.login(phone.id, "alice")
        s.legacy.set_external_user_id(old_tablet.id, "alice")
    recipients, invalid = sent_to(
        steps, Audience(include_aliases={"external_id": ["alice", "ghost"]})
    )
    assert recipients == {phone.subscription_id, old_tablet.subscription_id}
    assert stranger.subscription_id not in recipients
    assert invalid == {"invalid_aliases": {"external_id": ["ghost"]}}
    legacy, invalid = sent_to(steps, Audience(include_external_user_ids=["alice", "nobody"]))
    assert legacy == recipients and invalid == {"invalid_external_user_ids": ["nobody"]}
    with steps.session() as s:
        for device in (phone, old_tablet):
            shown = s.notifications.for_device(device.id)
            assert [n.data for n in shown] == [{"screen": "orders"}] * 2
        assert s.notifications.for_device(stranger.id) == []


def test_only_subscribed_channels_receive(steps: AppSteps) -> None:
    granted = steps.install()
    denied = steps.install(permission=PushPermission.DENIED)
    with steps.session() as s:
        s.v5.login(granted.id, "alice")
        s.v5.login(denied.id, "alice")
    recipients, _ = sent_to(steps, Audience(include_aliases={"external_id": ["alice"]}))
    assert recipients == {granted.subscription_id}
    with steps.session() as s:
        nobody = s.notifications.send(
            HELLO, Audience(include_subscription_ids=[denied.subscription_id or ""])
        )
    assert nobody.notification is None and nobody.invalid == {}


def test_subscription_and_player_ids(steps: AppSteps) -> None:
    v5, legacy = steps.install(), steps.install(app_version="1.0.0")
    ids = [v5.subscription_id or "", legacy.subscription_id or "", "missing"]
    recipients, invalid = sent_to(steps, Audience(include_player_ids=ids))
    assert recipients == set(ids[:2]) and invalid == {"invalid_player_ids": ["missing"]}


def test_target_channel_picks_email_or_push(steps: AppSteps) -> None:
    device = steps.install()
    with steps.session() as s:
        alice = s.v5.login(device.id, "alice")
        s.users.create_user(
            {"external_id": "alice"},
            subscriptions=[NewSubscription(type=SubscriptionType.EMAIL, token="a@example.com")],
        )
        (email,) = [
            sub for sub in s.records.subscriptions_of(alice.onesignal_id) if sub.type == "Email"
        ]
    audience = {"external_id": ["alice"]}
    email_only, _ = sent_to(steps, Audience(include_aliases=audience, target_channel="email"))
    assert email_only == {email.id}
    push_only, _ = sent_to(steps, Audience(include_aliases=audience, target_channel="push"))
    assert push_only == {device.subscription_id}


def test_tag_filters_with_and_or(steps: AppSteps) -> None:
    gold, silver, legacy_gold, untagged = (
        steps.install(),
        steps.install(),
        steps.install(app_version="1.0.0"),
        steps.install(),
    )
    with steps.session() as s:
        s.devices.set_tags(gold.id, {"level": "gold", "score": "90"})
        s.devices.set_tags(silver.id, {"level": "silver", "score": "40"})
        s.devices.set_tags(legacy_gold.id, {"level": "gold", "score": "70"})

    def matching(*filters: Filter | str) -> set[str | None]:
        found, _ = sent_to(steps, Audience(filters=list(filters)))
        return set(found)

    assert matching(Filter("tag", "=", "level", "gold")) == {
        gold.subscription_id,
        legacy_gold.subscription_id,
    }
    assert matching(Filter("tag", "=", "level", "gold"), Filter("tag", ">", "score", "80")) == {
        gold.subscription_id
    }
    assert matching(
        Filter("tag", ">", "score", "80"), OR, Filter("tag", "=", "level", "silver")
    ) == {gold.subscription_id, silver.subscription_id}
    assert matching(Filter("tag", "<", "score", "50")) == {silver.subscription_id}
    assert matching(Filter("tag", "not_exists", "level")) == {untagged.subscription_id}
    assert matching(Filter("tag", "exists", "level")) == {
        gold.subscription_id,
        silver.subscription_id,
        legacy_gold.subscription_id,
    }
    assert untagged.subscription_id in matching(Filter("tag", "!=", "level", "gold"))
    assert matching(Filter("app_version", "=", value="1.0.0")) == {legacy_gold.subscription_id}


def test_segments(steps: AppSteps, clock: object) -> None:
    old, recent = steps.install(), steps.install()
    clock.advance(10 * 24 * 3600)  # type: ignore[attr-defined]
    with steps.session() as s:
        s.devices.start_session(recent.id)
    everyone, _ = sent_to(steps, Audience(included_segments=["Total Subscriptions"]))
    assert everyone == {old.subscription_id, recent.subscription_id}
    active, _ = sent_to(steps, Audience(included_segments=["Active Subscriptions"]))
    assert active == {recent.subscription_id}
    rest, _ = sent_to(
        steps,
        Audience(included_segments=["Subscribed Users"], excluded_segments=["Active Users"]),
    )
    assert rest == {old.subscription_id}
    with pytest.raises(InvalidInput, match="Unknown segment"):
        sent_to(steps, Audience(included_segments=["VIP"]))


@pytest.mark.parametrize(
    "audience",
    [
        Audience(),
        Audience(include_aliases={"external_id": ["a"]}, included_segments=["All"]),
        Audience(include_aliases={"external_id": ["a"]}, target_channel="pigeon"),
    ],
)
def test_exactly_one_targeting_family(steps: AppSteps, audience: Audience) -> None:
    with pytest.raises(InvalidInput):
        sent_to(steps, audience)


def test_an_external_id_already_used_returns_the_same_notification(
    steps: AppSteps,
) -> None:
    steps.install()
    with steps.session() as s:
        first = s.notifications.send(HELLO, Audience(included_segments=["All"]), "order-42")
        again = s.notifications.send(HELLO, Audience(included_segments=["All"]), "order-42")
        assert first.notification and again.notification
        assert first.notification.id == again.notification.id
        assert len(list(s.records.notifications())) == 1


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"operator": "OR"}, OR),
        ({"operator": "or"}, OR),
        ({"field": "tag", "key": "k", "relation": "=", "value": 3}, Filter("tag", "=", "k", "3")),
        ({"field": "tag", "key": "k", "relation": "exists"}, Filter("tag", "exists", "k", None)),
    ],
)
def test_filters_from_requests(item: dict[str, object], expected: object) -> None:
    assert validate_filter(item) == expected


@pytest.mark.parametrize(
    "item",
    [
        {"operator": "AND"},
        {"field": "planet", "relation": "="},
        {"field": "tag", "key": "k", "relation": "~"},
        {"field": "tag", "relation": "=", "value": "v"},
        {"field": "tag", "key": "k", "relation": "="},
    ],
)
def test_bad_filters_are_refused(item: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        validate_filter(item)
