"""User-model rules without devices: create-or-upsert, aliases, subscriptions, transfers."""

from __future__ import annotations

import pytest

from bridge_stub.domain import (
    Conflict,
    InvalidInput,
    NewSubscription,
    NotFound,
    PropertyChanges,
    SubscriptionType,
)
from bridge_stub.domain.models import Subscription, User
from bridge_stub.domain.rules import MAX_CUSTOM_ALIASES_PER_USER, MAX_SUBSCRIPTIONS_PER_USER
from tests.helpers import AppSteps

EMAIL = SubscriptionType.EMAIL


def email(n: int) -> NewSubscription:
    return NewSubscription(type=EMAIL, token=f"user{n}@example.com")


def snapshot(steps: AppSteps) -> tuple[list[User], list[Subscription]]:
    with steps.session() as s:
        return sorted(s.records.users(), key=lambda u: u.onesignal_id), sorted(
            s.records.subscriptions(), key=lambda sub: sub.id
        )


def test_create_user_with_external_id_properties_and_subscriptions(steps: AppSteps) -> None:
    with steps.session() as s:
        user, created = s.users.create_user(
            {"external_id": "alice", "crm_id": "C-7"},
            PropertyChanges(tags={"plan": "pro", "n": 3}, language="fr", country="FR"),
            [
                NewSubscription(type=SubscriptionType.IOS_PUSH, token="ab" * 32),
                email(1),
            ],
        )
        assert created
        assert user.identity == {"external_id": "alice", "crm_id": "C-7"}
        assert user.properties.tags == {"plan": "pro", "n": "3"}
        assert (user.properties.language, user.properties.country) == ("fr", "FR")
        subs = s.records.subscriptions_of(user.onesignal_id)
        assert [sub.type for sub in subs] == [SubscriptionType.IOS_PUSH, EMAIL]
        assert subs[0].enabled and subs[0].notification_types == 1


def test_create_user_with_known_alias_updates_that_user(steps: AppSteps) -> None:
    with steps.session() as s:
        first, _ = s.users.create_user({"external_id": "alice"}, PropertyChanges(tags={"a": "1"}))
        again, created = s.users.create_user(
            {"external_id": "alice", "crm_id": "C-1"},
            PropertyChanges(tags={"b": "2"}),
            [email(1)],
        )
        assert not created
        assert again.onesignal_id == first.onesignal_id
        assert again.identity == {"external_id": "alice", "crm_id": "C-1"}
        assert again.properties.tags == {"a": "1", "b": "2"}
        by_onesignal_id, created = s.users.create_user({"onesignal_id": first.onesignal_id})
        assert not created and by_onesignal_id.onesignal_id == first.onesignal_id


def test_create_user_needs_an_alias_or_a_subscription(steps: AppSteps) -> None:
    with steps.session() as s, pytest.raises(InvalidInput, match="at least one"):
        s.users.create_user({})


def test_anonymous_user_from_a_subscription_alone(steps: AppSteps) -> None:
    with steps.session() as s:
        user, created = s.users.create_user({}, subscriptions=[email(1)])
        assert created and user.is_anonymous


def test_aliases_of_two_users_in_one_create_is_a_conflict(steps: AppSteps) -> None:
    with steps.session() as s:
        s.users.create_user({"external_id": "alice"})
        s.users.create_user({"external_id": "bob", "crm_id": "B"})
    before = snapshot(steps)
    with steps.session() as s, pytest.raises(Conflict) as conflict:
        s.users.create_user({"external_id": "alice", "crm_id": "B"}, subscriptions=[email(9)])
    assert conflict.value.meta == {"conflicting_aliases": {"external_id": "alice", "crm_id": "B"}}
    assert snapshot(steps) == before


def test_restricted_external_id_in_create_stores_nothing(steps: AppSteps) -> None:
    with steps.session() as s:
        s.users.create_user({"external_id": "alice"}, subscriptions=[email(1)])
    before = snapshot(steps)
    with steps.session() as s, pytest.raises(InvalidInput):
        s.users.create_user({"external_id": "NaN"}, subscriptions=[email(2)])
    with steps.session() as s, pytest.raises(InvalidInput):
        s.users.create_user({"external_id": "alice"}, PropertyChanges(tags={"k": ["no"]}))
    assert snapshot(steps) == before


def test_unknown_onesignal_id_or_subscription_id_is_not_found(steps: AppSteps) -> None:
    with steps.session() as s:
        with pytest.raises(NotFound):
            s.users.create_user({"onesignal_id": "no-such-user"})
        with pytest.raises(NotFound):
            s.users.create_user(
                {"external_id": "x"}, subscriptions=[NewSubscription(type=EMAIL, id="nope")]
            )
    assert snapshot(steps) == ([], [])


def test_alias_belongs_to_one_user_per_app(steps: AppSteps) -> None:
    with steps.session() as s:
        alice, _ = s.users.create_user({"external_id": "alice", "crm_id": "shared"})
        bob, _ = s.users.create_user({"external_id": "bob"})
        with pytest.raises(Conflict) as conflict:
            s.users.add_aliases(bob, {"crm_id": "shared"})
        assert conflict.value.code == "user-2"
        # the same alias id under another label, or in another app, is fine
        s.users.add_aliases(bob, {"other_label": "shared"})
    other_app = steps.backend.create_app()
    with steps.backend.session(other_app.app_id) as s:
        elsewhere, created = s.users.create_user({"crm_id": "shared"})
        assert created and elsewhere.onesignal_id != alice.onesignal_id


def test_at_most_twenty_custom_aliases(steps: AppSteps) -> None:
    aliases = {f"label{n}": f"id{n}" for n in range(MAX_CUSTOM_ALIASES_PER_USER)}
    with steps.session() as s:
        user, _ = s.users.create_user({"external_id": "alice", **aliases})
        with pytest.raises(InvalidInput, match="20 custom aliases"):
            s.users.add_aliases(user, {"one_more": "x"})
        replaced = s.users.add_aliases(user, {"label0": "new", "external_id": "alice2"})
        assert replaced.identity["label0"] == "new" and replaced.external_id == "alice2"
        assert s.users.find_by_alias("external_id", "alice") is None


def test_delete_alias(steps: AppSteps) -> None:
    with steps.session() as s:
        user, _ = s.users.create_user({"external_id": "alice", "crm_id": "C"})
        user = s.users.delete_alias(user, "crm_id")
        assert s.users.find_by_alias("crm_id", "C") is None
        with pytest.raises(InvalidInput):
            s.users.delete_alias(user, "onesignal_id")
        with pytest.raises(NotFound):
            s.users.delete_alias(user, "crm_id")


def test_create_user_moves_a_listed_subscription_and_drops_the_empty_anonymous(
    steps: AppSteps,
) -> None:
    with steps.session() as s:
        anonymous, _ = s.users.create_user({}, subscriptions=[email(1)])
        (subscription,) = s.records.subscriptions_of(anonymous.onesignal_id)
        alice, _ = s.users.create_user(
            {"external_id": "alice"},
            subscriptions=[NewSubscription(type=EMAIL, id=subscription.id)],
        )
        assert [sub.id for sub in s.records.subscriptions_of(alice.onesignal_id)] == [
            subscription.id
        ]
        assert s.records.get_user(anonymous.onesignal_id) is None
        # the same type and token finds the existing subscription rather than making another
        s.users.create_user({"external_id": "bob"}, subscriptions=[email(1)])
        assert len(list(s.records.subscriptions())) == 1


def test_twenty_first_subscription_by_create_user_evicts_the_oldest(
    steps: AppSteps,
) -> None:
    with steps.session() as s:
        alice, _ = s.users.create_user(
            {"external_id": "alice"}, subscriptions=[email(n) for n in range(20)]
        )
        oldest = s.records.subscriptions_of(alice.onesignal_id)[0]
        s.users.create_user({"external_id": "alice"}, subscriptions=[email(20)])
        owned = s.records.subscriptions_of(alice.onesignal_id)
        assert len(owned) == MAX_SUBSCRIPTIONS_PER_USER
        assert oldest.id not in {sub.id for sub in owned}
        evicted = s.users.get_subscription(oldest.id)
        new_owner = s.users.get_user(evicted.onesignal_id)
        assert new_owner.is_anonymous and new_owner.onesignal_id != alice.onesignal_id


def test_create_subscription_on_a_full_user_is_a_conflict(steps: AppSteps) -> None:
    with steps.session() as s:
        alice, _ = s.users.create_user(
            {"external_id": "alice"}, subscriptions=[email(n) for n in range(20)]
        )
    before = snapshot(steps)
    with steps.session() as s, pytest.raises(Conflict, match="maximum number"):
        s.users.create_subscription(alice, email(99))
    assert snapshot(steps) == before


def test_more_than_twenty_subscriptions_in_one_request_is_refused(steps: AppSteps) -> None:
    with steps.session() as s, pytest.raises(InvalidInput):
        s.users.create_user({"external_id": "a"}, subscriptions=[email(n) for n in range(21)])


def test_transfer_and_delete_subscription(steps: AppSteps) -> None:
    with steps.session() as s:
        alice, _ = s.users.create_user({"external_id": "alice"}, subscriptions=[email(1)])
        bob, _ = s.users.create_user({"external_id": "bob"})
        (subscription,) = s.records.subscriptions_of(alice.onesignal_id)
        moved = s.users.transfer_subscription(subscription, bob)
        assert moved.onesignal_id == bob.onesignal_id
        assert s.records.subscriptions_of(alice.onesignal_id) == []
        assert s.records.get_user(alice.onesignal_id) is not None  # identified users stay
        s.users.delete_subscription(moved)
        assert s.records.get_subscription(moved.id) is None


def test_delete_user_deletes_its_subscriptions(steps: AppSteps) -> None:
    with steps.session() as s:
        alice, _ = s.users.create_user({"external_id": "alice"}, subscriptions=[email(1)])
        s.users.delete_user(alice)
        assert s.users.find_by_alias("external_id", "alice") is None
        assert list(s.records.subscriptions()) == []


def test_update_properties_merges_tags_and_keeps_the_rest(steps: AppSteps) -> None:
    with steps.session() as s:
        user, _ = s.users.create_user(
            {"external_id": "a"}, PropertyChanges(tags={"x": "1", "y": "2"}, language="en")
        )
        user = s.users.update_properties(user, PropertyChanges(tags={"x": None}, lat=1.5))
        assert user.properties.tags == {"y": "2"}
        assert (user.properties.language, user.properties.lat) == ("en", 1.5)
        assert s.users.delete_tags(user, None).properties.tags == {}


def test_a_deleted_users_aliases_are_free_for_a_new_user(steps: AppSteps) -> None:
    with steps.session() as s:
        alice, _ = s.users.create_user({"external_id": "alice", "crm_id": "C-1"})
        anonymous = s.users.new_user()
        s.users.delete_user(alice)
        s.users.delete_user(anonymous)
    with steps.session() as s:
        again, created = s.users.create_user({"external_id": "alice", "crm_id": "C-1"})
        assert created and again.onesignal_id != alice.onesignal_id
        assert s.users.user_by_alias("crm_id", "C-1") == again
        assert s.records.get_user(anonymous.onesignal_id) is None
