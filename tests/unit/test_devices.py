"""Simulated installs and the v5/legacy SDK rules: login, logout, reinstall, upgrade."""

from __future__ import annotations

import pytest

from bridge_stub.domain import (
    ConsentRequired,
    InvalidInput,
    NotificationTypes,
    Platform,
    PushPermission,
    SdkGeneration,
    SubscriptionType,
)
from bridge_stub.domain.ids import ManualClock
from bridge_stub.domain.models import Device, User
from tests.helpers import RESTRICTED, AppSteps


def owner_of(steps: AppSteps, device: Device) -> User:
    with steps.session() as s:
        user = s.v5.current_user(s.devices.get(device.id))
    assert user is not None
    return user


def user_count(steps: AppSteps) -> int:
    with steps.session() as s:
        return len(list(s.records.users()))


# -- install ---------------------------------------------------------------------------------


def test_v5_install_makes_an_anonymous_user_owning_the_push_subscription(
    steps: AppSteps,
) -> None:
    device = steps.install(Platform.ANDROID, "2.3.0")
    assert device.sdk is SdkGeneration.V5
    assert device.build == "20300"
    with steps.session() as s:
        subscription = s.records.get_subscription(device.subscription_id or "")
        assert subscription is not None
        assert subscription.type is SubscriptionType.ANDROID_PUSH
        assert subscription.enabled and subscription.token
        assert subscription.notification_types == NotificationTypes.SUBSCRIBED
        user = s.records.get_user(subscription.onesignal_id)
        assert user is not None and user.is_anonymous
        assert s.records.get_player(subscription.id) is None


def test_legacy_install_makes_a_player_and_no_user(steps: AppSteps) -> None:
    device = steps.install(Platform.IOS, "1.4.0")
    assert device.sdk is SdkGeneration.LEGACY
    with steps.session() as s:
        player = s.records.get_player(device.subscription_id or "")
        assert player is not None and player.type is SubscriptionType.IOS_PUSH
        assert list(s.records.users()) == []


def test_sdk_can_be_forced_whatever_the_version(steps: AppSteps) -> None:
    assert steps.install(app_version="5.0.0", sdk=SdkGeneration.LEGACY).sdk is SdkGeneration.LEGACY
    assert steps.install(app_version="1.0.0", sdk=SdkGeneration.V5).sdk is SdkGeneration.V5


def test_without_permission_the_subscription_is_not_opted_in(steps: AppSteps) -> None:
    device = steps.install(permission=PushPermission.NOT_DETERMINED)
    with steps.session() as s:
        subscription = s.v5.channel(s.devices.get(device.id))
        assert subscription is not None
        assert (subscription.enabled, subscription.token) == (False, None)
        assert subscription.notification_types == NotificationTypes.NO_PERMISSION
        s.devices.set_permission(device.id, PushPermission.GRANTED)
        granted = s.v5.channel(s.devices.get(device.id))
        assert granted is not None and granted.enabled and granted.token
        s.devices.set_permission(device.id, PushPermission.DENIED)
        denied = s.v5.channel(s.devices.get(device.id))
        assert denied is not None and not denied.enabled
        assert denied.notification_types == NotificationTypes.NO_PERMISSION


def test_privacy_consent_holds_back_every_id_until_granted(steps: AppSteps) -> None:
    device = steps.install(consent=True)
    assert device.subscription_id is None
    assert user_count(steps) == 0
    with steps.session() as s, pytest.raises(ConsentRequired):
        s.v5.login(device.id, "alice")
    with steps.session() as s:
        granted = s.devices.grant_consent(device.id)
    assert granted.subscription_id is not None
    assert owner_of(steps, device).is_anonymous
    with steps.session() as s:
        s.devices.revoke_consent(device.id)
    with steps.session() as s, pytest.raises(ConsentRequired):
        s.devices.set_tags(device.id, {"a": "1"})
    assert owner_of(steps, device).onesignal_id  # the IDs made before stay


# -- login -----------------------------------------------------------------------------------


def test_login_on_anonymous_user_with_unowned_id_keeps_its_id_and_tags(
    steps: AppSteps,
) -> None:
    device = steps.install()
    with steps.session() as s:
        s.devices.set_tags(device.id, {"plan": "free"})
    before = owner_of(steps, device)
    with steps.session() as s:
        user = s.v5.login(device.id, "alice")
    assert user.onesignal_id == before.onesignal_id
    assert user.external_id == "alice"
    assert user.properties.tags == {"plan": "free"}


def test_login_with_the_same_id_changes_nothing(steps: AppSteps) -> None:
    device = steps.install()
    with steps.session() as s:
        first = s.v5.login(device.id, "alice")
    with steps.session() as s:
        again = s.v5.login(device.id, "alice")
    assert again == first


def test_login_to_an_id_owned_by_another_user_moves_the_subscription(
    steps: AppSteps,
) -> None:
    phone, tablet = steps.install(), steps.install(Platform.ANDROID)
    with steps.session() as s:
        alice = s.v5.login(phone.id, "alice")
        s.devices.set_tags(phone.id, {"plan": "pro"})
        s.devices.set_tags(tablet.id, {"tablet": "yes"})
    tablet_anon = owner_of(steps, tablet)
    with steps.session() as s:
        user = s.v5.login(tablet.id, "alice")
        assert s.devices.tags(tablet.id) == {"plan": "pro"}
        assert len(s.records.subscriptions_of(alice.onesignal_id)) == 2
        # the anonymous user had tags but no alias and no subscription left: it is gone
        assert s.records.get_user(tablet_anon.onesignal_id) is None
    assert user.onesignal_id == alice.onesignal_id


def test_switching_between_identified_users_leaves_the_old_one_its_own(
    steps: AppSteps,
) -> None:
    device = steps.install()
    with steps.session() as s:
        alice = s.v5.login(device.id, "alice")
        s.devices.set_tags(device.id, {"who": "alice"})
        s.users.add_aliases(s.users.get_user(alice.onesignal_id), {"crm_id": "A-1"})
        bob = s.v5.login(device.id, "bob")
        assert bob.onesignal_id != alice.onesignal_id
        assert s.devices.tags(device.id) == {}
        old = s.users.get_user(alice.onesignal_id)
        assert old.identity == {"external_id": "alice", "crm_id": "A-1"}
        assert old.properties.tags == {"who": "alice"}
        assert s.records.subscriptions_of(alice.onesignal_id) == []


def test_a_login_that_moves_the_subscription_starts_a_new_session(
    steps: AppSteps, clock: ManualClock
) -> None:
    device = steps.install()
    assert device.subscription_id is not None
    with steps.session() as s:
        installed_at = s.users.get_subscription(device.subscription_id).last_session
        clock.advance(60)
        alice = s.v5.login(device.id, "alice")  # the anonymous owner gains the ID: no move
        assert s.users.get_subscription(device.subscription_id).last_session == installed_at
        clock.advance(60)
        s.v5.login(device.id, "bob")  # a switch: the subscription moves to a new user
        switched = s.users.get_subscription(device.subscription_id)
        assert clock.current <= switched.last_session < clock.current + 1
        clock.advance(60)
        moved = s.users.transfer_subscription(switched, alice)  # the REST API's transfer
        assert moved.last_session == switched.last_session


@pytest.mark.parametrize("value", RESTRICTED)
def test_login_with_a_restricted_id_leaves_the_user_exactly_as_it_was(
    steps: AppSteps, value: str
) -> None:
    device = steps.install()
    with steps.session() as s:
        s.v5.login(device.id, "alice")
        s.devices.set_tags(device.id, {"k": "v"})
    before = owner_of(steps, device)
    with steps.session() as s, pytest.raises(InvalidInput, match="restricted"):
        s.v5.login(device.id, value)
    assert owner_of(steps, device) == before


def test_login_is_refused_on_a_legacy_build(steps: AppSteps) -> None:
    device = steps.install(app_version="1.0.0")
    with steps.session() as s, pytest.raises(InvalidInput, match="v5 OneSignal SDK"):
        s.v5.login(device.id, "alice")


def test_twenty_first_subscription_by_login_evicts_the_oldest_session(
    steps: AppSteps,
) -> None:
    devices = [steps.install() for _ in range(21)]
    with steps.session() as s:
        for device in devices[:20]:
            s.v5.login(device.id, "alice")
        alice = s.users.user_by_alias("external_id", "alice")
        assert len(s.records.subscriptions_of(alice.onesignal_id)) == 20
        s.devices.start_session(devices[0].id)  # device 0 is no longer the oldest session
        s.v5.login(devices[20].id, "alice")
        owned = {sub.id for sub in s.records.subscriptions_of(alice.onesignal_id)}
        assert len(owned) == 20
        assert devices[20].subscription_id in owned
        assert devices[0].subscription_id in owned
        assert devices[1].subscription_id not in owned
        evicted_owner = s.v5.current_user(s.devices.get(devices[1].id))
        assert evicted_owner is not None and evicted_owner.is_anonymous


# -- logout ----------------------------------------------------------------------------------


def test_logout_of_anonymous_user_changes_nothing(steps: AppSteps) -> None:
    device = steps.install()
    before = owner_of(steps, device)
    with steps.session() as s:
        assert s.v5.logout(device.id) == before
    assert user_count(steps) == 1


def test_logout_gives_the_subscription_to_a_new_anonymous_user(steps: AppSteps) -> None:
    device = steps.install()
    with steps.session() as s:
        alice = s.v5.login(device.id, "alice")
        s.devices.set_tags(device.id, {"plan": "pro"})
        anonymous = s.v5.logout(device.id)
        assert anonymous.is_anonymous and anonymous.onesignal_id != alice.onesignal_id
        assert s.devices.tags(device.id) == {}
        kept = s.users.get_user(alice.onesignal_id)
        assert kept.external_id == "alice" and kept.properties.tags == {"plan": "pro"}
    assert owner_of(steps, device).onesignal_id == anonymous.onesignal_id
    assert device.subscription_id == owner_of_subscription_id(steps, device)


def owner_of_subscription_id(steps: AppSteps, device: Device) -> str | None:
    with steps.session() as s:
        subscription = s.v5.channel(s.devices.get(device.id))
    return None if subscription is None else subscription.id


# -- reinstall -------------------------------------------------------------------------------


def test_reinstall_gives_new_ids_and_leaves_the_old_subscription(steps: AppSteps) -> None:
    device = steps.install()
    with steps.session() as s:
        alice = s.v5.login(device.id, "alice")
        s.devices.set_tags(device.id, {"plan": "pro"})
        again = s.devices.reinstall(device.id)
        assert again.installation_id != device.installation_id
        assert again.subscription_id not in (None, device.subscription_id)
        assert again.first_launch
        assert s.v5.current_user(again) is not None
        assert s.devices.tags(device.id) == {}
        old = s.records.get_subscription(device.subscription_id or "")
        assert old is not None and old.onesignal_id == alice.onesignal_id
        assert old.device_id is None
        # logging in again joins the original user and its tags
        s.v5.login(device.id, "alice")
        assert s.devices.tags(device.id) == {"plan": "pro"}
        assert len(s.records.subscriptions_of(alice.onesignal_id)) == 2


def test_reinstall_of_a_legacy_build_makes_a_new_player(steps: AppSteps) -> None:
    device = steps.install(app_version="1.0.0")
    with steps.session() as s:
        s.legacy.set_external_user_id(device.id, "alice")
        again = s.devices.reinstall(device.id)
        assert len(list(s.records.players())) == 2
        new_player = s.records.get_player(again.subscription_id or "")
        assert new_player is not None and new_player.external_user_id is None


# -- legacy ----------------------------------------------------------------------------------


def test_legacy_external_user_id_set_and_remove(steps: AppSteps) -> None:
    device = steps.install(app_version="1.0.0")
    with steps.session() as s:
        player = s.legacy.set_external_user_id(device.id, "alice")
        assert player.external_user_id == "alice"
        assert [p.id for p in s.records.players_with_external_user_id("alice")] == [player.id]
        with pytest.raises(InvalidInput, match="restricted"):
            s.legacy.set_external_user_id(device.id, "undefined")
    with steps.session() as s:
        assert s.records.get_player(player.id) == player
        removed = s.legacy.remove_external_user_id(device.id)
        assert removed.external_user_id is None
        assert s.records.players_with_external_user_id("alice") == []


def test_legacy_tags_live_on_the_player(steps: AppSteps) -> None:
    device = steps.install(app_version="1.0.0")
    with steps.session() as s:
        assert s.devices.set_tags(device.id, {"a": "1", "b": "2"}) == {"a": "1", "b": "2"}
        assert s.devices.delete_tags(device.id, ["a"]) == {"b": "2"}
        assert s.devices.delete_tags(device.id) == {}
        assert list(s.records.users()) == []


def test_external_user_id_commands_are_refused_on_v5(steps: AppSteps) -> None:
    device = steps.install(app_version="2.0.0")
    with steps.session() as s, pytest.raises(InvalidInput, match="legacy OneSignal SDK"):
        s.legacy.set_external_user_id(device.id, "alice")


# -- upgrade ---------------------------------------------------------------------------------


def test_upgrade_to_v5_migrates_the_player_to_the_users_external_id(steps: AppSteps) -> None:
    legacy = steps.install(Platform.ANDROID, "1.9.0")
    v5 = steps.install(Platform.IOS, "2.0.0")
    with steps.session() as s:
        alice = s.v5.login(v5.id, "alice")
        s.legacy.set_external_user_id(legacy.id, "alice")
        s.devices.set_tags(legacy.id, {"from": "player"})
        upgraded = s.devices.upgrade(legacy.id, "2.0.0")
        assert upgraded.sdk is SdkGeneration.V5 and upgraded.app_version == "2.0.0"
        assert upgraded.subscription_id == legacy.subscription_id
        assert s.records.get_player(legacy.subscription_id or "") is None
        owned = {sub.id for sub in s.records.subscriptions_of(alice.onesignal_id)}
        assert owned == {legacy.subscription_id, v5.subscription_id}
        assert s.users.get_user(alice.onesignal_id).properties.tags == {}


def test_upgrade_creates_the_user_for_an_unknown_external_user_id(steps: AppSteps) -> None:
    legacy = steps.install(Platform.IOS, "1.0.0")
    with steps.session() as s:
        s.legacy.set_external_user_id(legacy.id, "carol")
        s.devices.set_tags(legacy.id, {"from": "player"})
        s.devices.upgrade(legacy.id, "2.10.0")
        carol = s.users.user_by_alias("external_id", "carol")
        assert carol.properties.tags == {"from": "player"}
        assert [sub.id for sub in s.records.subscriptions_of(carol.onesignal_id)] == [
            legacy.subscription_id
        ]


def test_upgrade_without_external_user_id_makes_an_anonymous_user(steps: AppSteps) -> None:
    legacy = steps.install(Platform.IOS, "1.0.0")
    with steps.session() as s:
        s.devices.upgrade(legacy.id, "3.0.0")
    assert owner_of(steps, legacy).is_anonymous


def test_upgrade_within_legacy_keeps_the_player(steps: AppSteps) -> None:
    legacy = steps.install(Platform.IOS, "1.0.0")
    with steps.session() as s:
        upgraded = s.devices.upgrade(legacy.id, "1.5.0")
        assert upgraded.sdk is SdkGeneration.LEGACY
        assert s.records.get_player(legacy.subscription_id or "") is not None


def test_upgrade_refuses_older_versions_and_a_return_to_legacy(steps: AppSteps) -> None:
    device = steps.install(app_version="2.5.0")
    with steps.session() as s:
        with pytest.raises(InvalidInput, match="older"):
            s.devices.upgrade(device.id, "2.4.9")
        with pytest.raises(InvalidInput, match="legacy"):
            s.devices.upgrade(device.id, "2.6.0", SdkGeneration.LEGACY)
        assert s.devices.get(device.id) == device


def test_a_forced_sdk_stays_forced_across_upgrades(steps: AppSteps) -> None:
    device = steps.install(app_version="3.0.0", sdk=SdkGeneration.LEGACY)
    with steps.session() as s:
        assert s.devices.upgrade(device.id, "3.1.0").sdk is SdkGeneration.LEGACY
        assert s.devices.upgrade(device.id, "3.2.0", SdkGeneration.V5).sdk is SdkGeneration.V5
