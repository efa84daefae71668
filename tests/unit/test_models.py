"""The domain's values: copies with changes, the shared empty tag map, a user's identity and
a subscription's device details, and how they are stored."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import pytest

from bridge_stub.domain import PropertyChanges
from bridge_stub.domain.models import (
    NO_ALIASES,
    NO_DETAILS,
    NO_TAGS,
    Identity,
    Subscription,
    SubscriptionType,
    User,
    evolve,
)
from bridge_stub.store.codec import decode, encode
from tests.helpers import AppSteps


def test_evolve_changes_the_named_fields_and_refuses_unknown_ones() -> None:
    original = Subscription("s1", "u1", SubscriptionType.EMAIL, token="a@example.com")
    changed = evolve(original, onesignal_id="u2", enabled=True)
    assert changed == replace(original, onesignal_id="u2", enabled=True)
    assert original.onesignal_id == "u1" and not original.enabled
    with pytest.raises(TypeError, match="no field"):
        evolve(original, owner="u2")


def test_users_without_tags_share_a_map_no_one_can_change(steps: AppSteps) -> None:
    with steps.session() as s:
        alice, _ = s.users.create_user({"external_id": "alice"})
        bob, _ = s.users.create_user({"external_id": "bob"})
        assert alice.properties.tags is bob.properties.tags is NO_TAGS
        with pytest.raises(TypeError):
            alice.properties.tags["plan"] = "pro"  # type: ignore[index]
        tagged = s.users.update_properties(alice, PropertyChanges(tags={"plan": "pro"}))
        assert tagged.properties.tags == {"plan": "pro"}
        assert s.users.get_user(bob.onesignal_id).properties.tags == {}
    assert NO_TAGS == {}


def test_an_identity_is_a_small_read_only_map_of_the_aliases() -> None:
    alone = Identity({"external_id": "ana"})
    both = Identity({"crm": "c-1", "external_id": "ana"})
    assert alone == {"external_id": "ana"} and dict(both) == {"external_id": "ana", "crm": "c-1"}
    assert (len(alone), len(both), len(NO_ALIASES)) == (1, 2, 0)
    assert both["crm"] == "c-1" and both.get("email") is None and "external_id" in both
    assert Identity({"crm": "c-1"}).get("external_id") is None
    with pytest.raises(KeyError):
        alone["crm"]
    with pytest.raises(TypeError):
        alone["crm"] = "c-2"  # type: ignore[index]
    assert sys.getsizeof(alone) < sys.getsizeof({"external_id": "ana"}) / 3


def test_anonymous_users_share_one_empty_identity(steps: AppSteps) -> None:
    with steps.session() as s:
        first = s.users.new_user()
        second = s.users.new_user()
        assert first.identity is second.identity is NO_ALIASES
        named = s.users.add_aliases(first, {"external_id": "ana"})
        assert named.identity == {"external_id": "ana"} and isinstance(named.identity, Identity)
        assert s.users.delete_alias(named, "external_id").identity == {}


def test_a_subscription_reads_its_device_details_as_its_own_fields() -> None:
    email = Subscription.new(id="s1", onesignal_id="u1", type=SubscriptionType.EMAIL, sdk=None)
    assert email.details is NO_DETAILS and email.app_version is None
    push = Subscription.new(
        id="s2", onesignal_id="u1", type=SubscriptionType.IOS_PUSH, app_version="2.0", sdk="050200"
    )
    assert (push.app_version, push.sdk, push.session_time) == ("2.0", "050200", 0)
    newer = evolve(push, app_version="2.1", session_count=3)
    assert (newer.app_version, newer.sdk, newer.session_count) == ("2.1", "050200", 3)
    assert push.app_version == "2.0"
    with pytest.raises(TypeError, match="no field"):
        evolve(push, colour="red")


def test_values_are_stored_as_before_and_read_back() -> None:
    push = Subscription.new(
        id="s2", onesignal_id="u1", type=SubscriptionType.IOS_PUSH, app_version="2.0", rooted=False
    )
    stored = json.loads(encode(push))
    assert "details" not in stored and (stored["app_version"], stored["rooted"]) == ("2.0", False)
    assert decode(Subscription, encode(push)) == push
    user = User("u1", Identity({"external_id": "ana", "crm": "c-1"}))
    assert json.loads(encode(user))["identity"] == {"external_id": "ana", "crm": "c-1"}
    read = decode(User, encode(user))
    assert read == user and isinstance(read.identity, Identity)
