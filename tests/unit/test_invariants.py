"""The invariant checker finds each kind of broken state (so its silence means something)."""

from __future__ import annotations

from dataclasses import replace

from bridge_stub.domain import SubscriptionType, invariant_violations
from bridge_stub.domain.models import Identity, LegacyPlayer, Subscription, User
from tests.helpers import AppSteps


def test_sound_state_has_no_violations(steps: AppSteps) -> None:
    device = steps.install()
    with steps.session() as s:
        s.v5.login(device.id, "alice")
        assert invariant_violations(s.records) == []


def test_subscription_without_an_owner_is_found(steps: AppSteps) -> None:
    with steps.session() as s:
        s.records.put_subscription(
            Subscription(id="sub-1", onesignal_id="ghost", type=SubscriptionType.EMAIL)
        )
        assert any("no existing owner" in p for p in invariant_violations(s.records))
        s.records.delete_subscription("sub-1")


def test_too_many_subscriptions_and_aliases_are_found(steps: AppSteps) -> None:
    with steps.session() as s:
        aliases = Identity({f"label{n}": f"id{n}" for n in range(21)})
        user = User(onesignal_id="u1", identity=aliases)
        s.records.put_user(user)
        for n in range(21):
            s.records.put_subscription(
                Subscription(id=f"s{n}", onesignal_id="u1", type=SubscriptionType.EMAIL)
            )
        problems = invariant_violations(s.records)
        assert any("21 subscriptions" in p for p in problems)
        assert any("too many custom aliases" in p for p in problems)
        s.users.delete_user(user)


def test_one_id_as_both_subscription_and_player_is_found(steps: AppSteps) -> None:
    device = steps.install()
    with steps.session() as s:
        s.records.put_player(
            LegacyPlayer(id=device.subscription_id or "", type=SubscriptionType.IOS_PUSH)
        )
        assert any("both a subscription and a player" in p for p in invariant_violations(s.records))
        s.records.delete_player(device.subscription_id or "")


def test_device_whose_subscription_is_gone_is_found(steps: AppSteps) -> None:
    device = steps.install()
    with steps.session() as s:
        subscription = s.records.get_subscription(device.subscription_id or "")
        assert subscription is not None
        s.records.put_subscription(replace(subscription, device_id="elsewhere"))
        assert any("points elsewhere" in p for p in invariant_violations(s.records))
        s.records.put_subscription(subscription)
