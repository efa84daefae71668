"""The domain's values: copies with changes, and the shared empty tag map."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bridge_stub.domain import PropertyChanges
from bridge_stub.domain.models import NO_TAGS, Subscription, SubscriptionType, evolve
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
