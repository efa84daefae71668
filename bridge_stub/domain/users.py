"""The rules of OneSignal's user model: users, aliases, subscriptions and their transfers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import bridge_stub.domain.rules as rules
from bridge_stub.domain.changes import NewSubscription, PropertyChanges, SubscriptionChanges
from bridge_stub.domain.errors import Conflict, InvalidInput, NotFound
from bridge_stub.domain.ids import Clock, new_id
from bridge_stub.domain.models import (
    Identity,
    NotificationTypes,
    Subscription,
    SubscriptionType,
    User,
    evolve,
)
from bridge_stub.domain.models import UserProperties as Properties
from bridge_stub.domain.repository import AppRecords


class UserRules:
    """One app's users and subscriptions, changed only through OneSignal's rules."""

    def __init__(self, records: AppRecords, clock: Clock) -> None:
        self.records = records
        self.clock = clock

    # -- reading ---------------------------------------------------------------------------

    def get_user(self, onesignal_id: str) -> User:
        user = self.records.get_user(onesignal_id)
        if user is None:
            raise NotFound("user-not-found", f"No user with onesignal_id {onesignal_id!r}.")
        return user

    def find_by_alias(self, label: str, alias_id: str) -> User | None:
        if label == rules.ONESIGNAL_ID:
            return self.records.get_user(alias_id)
        return self.records.find_user_by_alias(label, alias_id)

    def user_by_identity(self, identity: Mapping[str, str]) -> User:
        """The user an `identity` object names (the first alias that leads to one)."""
        if not identity:
            raise InvalidInput("missing-identity", "Name the user with at least one alias.")
        for label, alias_id in identity.items():
            user = self.find_by_alias(label, alias_id)
            if user is not None:
                return user
        raise NotFound("user-not-found", "No user has any of the aliases given.")

    def user_by_alias(self, label: str, alias_id: str) -> User:
        user = self.find_by_alias(label, alias_id)
        if user is None:
            raise NotFound("user-not-found", f"No user with alias {label}={alias_id!r}.")
        return user

    def subscription_by_token(self, type_: str, token: str) -> Subscription:
        """The subscription of this type (`Email`, `SMS`, `iOSPush`...) with this token."""
        try:
            kind = SubscriptionType(type_)
        except ValueError:
            raise InvalidInput(
                "invalid-token-type", f"{type_!r} is not a subscription type."
            ) from None
        found = self.records.find_subscription_by_token(kind, token)
        if found is None:
            raise NotFound("subscription-not-found", f"No {type_} subscription with that token.")
        return found

    def get_subscription(self, subscription_id: str) -> Subscription:
        subscription = self.records.get_subscription(subscription_id)
        if subscription is None:
            raise NotFound(
                "subscription-not-found", f"No subscription with id {subscription_id!r}."
            )
        return subscription

    # -- users -----------------------------------------------------------------------------

    def new_user(
        self, identity: Mapping[str, str] | None = None, properties: Properties | None = None
    ) -> User:
        now = self.clock.now()
        user = User(
            onesignal_id=new_id(),
            identity=Identity.of(identity or {}),
            properties=properties or Properties.active_since(now),
            created_at=now,
        )
        self.records.put_user(user)
        return user

    def create_user(
        self,
        identity: Mapping[str, object],
        properties: PropertyChanges | None = None,
        subscriptions: Sequence[NewSubscription] = (),
    ) -> tuple[User, bool]:
        """Create a user, or update the one its aliases name (OneSignal's upsert).

        Returns the user and whether it is new. Listed subscriptions are created, or moved to
        the user when they already exist.
        """
        if not identity and not subscriptions:
            raise InvalidInput(
                "missing-identifier", "A user needs at least one alias or one subscription."
            )
        if len(subscriptions) > rules.MAX_SUBSCRIPTIONS_PER_USER:
            raise InvalidInput(
                "subscription-limit",
                f"A user may have at most {rules.MAX_SUBSCRIPTIONS_PER_USER} subscriptions.",
            )
        aliases, owners = self._resolve_identity(identity)
        existing = self._single_owner(owners, aliases, identity)
        resolved = [self._resolve_subscription(spec) for spec in subscriptions]

        merged_identity = {**(existing.identity if existing else {}), **aliases}
        rules.check_custom_alias_limit(merged_identity)
        now = self.clock.now()  # one instant for the user and its new subscriptions
        current = existing.properties if existing else Properties.active_since(now)
        changed = current if properties is None else properties.apply(current)
        if existing is None:
            user = User(
                onesignal_id=new_id(),
                identity=Identity.of(merged_identity),
                properties=changed,
                created_at=now,
            )
        else:
            user = evolve(existing, identity=Identity.of(merged_identity), properties=changed)
        self.records.put_user(user)  # once: each write of a user updates its alias index
        for spec, found in resolved:
            self._place_subscription(spec, found, user, now)
        return user, existing is None  # placing subscriptions leaves the user's record as is

    def update_properties(self, user: User, changes: PropertyChanges) -> User:
        updated = evolve(user, properties=changes.apply(user.properties))
        self.records.put_user(updated)
        return updated

    def set_tags(self, user: User, tags: Mapping[str, object]) -> User:
        return self.update_properties(user, PropertyChanges(tags=tags))

    def delete_tags(self, user: User, keys: object) -> User:
        tags = rules.delete_tag_keys(user.properties.tags, keys)
        updated = evolve(user, properties=evolve(user.properties, tags=tags))
        self.records.put_user(updated)
        return updated

    def delete_user(self, user: User) -> None:
        """Delete a user with its subscriptions."""
        for subscription in self.records.subscriptions_of(user.onesignal_id):
            self.records.delete_subscription(subscription.id)
        self.records.delete_user(user.onesignal_id)

    def identify(
        self,
        subscription: Subscription,
        external_id: object,
        properties: Properties | None = None,
        new_session_at: float | None = None,
    ) -> User:
        """Make the subscription belong to the user with this external ID, as the SDK's login
        does: an anonymous owner simply gains the ID when nobody has it; otherwise the
        subscription moves to that user (created with `properties` if needed), starting a
        new session at `new_session_at` when given."""
        wanted = rules.validate_external_id(external_id)
        current = self.get_user(subscription.onesignal_id)
        if current.external_id == wanted:
            return current
        owner = self.find_by_alias(rules.EXTERNAL_ID, wanted)
        if owner is None and current.is_anonymous:
            return self.add_aliases(current, {rules.EXTERNAL_ID: wanted})
        if owner is None:
            owner = self.new_user({rules.EXTERNAL_ID: wanted}, properties)
        self.transfer_subscription(subscription, owner, current, new_session_at)
        return owner  # a transfer changes the subscription, not its new owner's record

    def forget_identity(
        self, subscription: Subscription, properties: Properties | None = None
    ) -> User:
        """The SDK's logout: an identified owner gives the subscription up to a new anonymous
        user (made with `properties`) and keeps everything else."""
        current = self.get_user(subscription.onesignal_id)
        if current.is_anonymous:
            return current
        anonymous = self.new_user(properties=properties)
        self.transfer_subscription(subscription, anonymous)
        return anonymous

    # -- aliases ---------------------------------------------------------------------------

    def add_aliases(self, user: User, aliases: Mapping[str, object]) -> User:
        """Add or replace aliases; a (label, id) pair owned by another user is a conflict."""
        checked = dict(rules.validate_alias(label, alias_id) for label, alias_id in aliases.items())
        for label, alias_id in checked.items():
            owner = self.records.find_user_by_alias(label, alias_id)
            if owner is not None and owner.onesignal_id != user.onesignal_id:
                raise Conflict(
                    "user-2",
                    "The alias is already assigned to another user.",
                    {label: alias_id},
                )
        identity = {**user.identity, **checked}
        rules.check_custom_alias_limit(identity)
        updated = evolve(user, identity=Identity.of(identity))
        self.records.put_user(updated)
        return updated

    def delete_alias(self, user: User, label: str) -> User:
        if label == rules.ONESIGNAL_ID:
            raise InvalidInput("read-only-alias", "The onesignal_id alias cannot be deleted.")
        if label not in user.identity:
            raise NotFound("alias-not-found", f"The user has no alias labelled {label!r}.")
        identity = {key: value for key, value in user.identity.items() if key != label}
        updated = evolve(user, identity=Identity.of(identity))
        self.records.put_user(updated)
        return updated

    # -- subscriptions ---------------------------------------------------------------------

    def create_subscription(self, user: User, spec: NewSubscription) -> Subscription:
        """Add a subscription to a user; a full user refuses it (409) instead of evicting."""
        _, found = self._resolve_subscription(spec)
        if found is not None and found.onesignal_id == user.onesignal_id:
            return found
        if self.records.count_subscriptions_of(user.onesignal_id) >= (
            rules.MAX_SUBSCRIPTIONS_PER_USER
        ):
            raise Conflict(
                "subscription-limit",
                "Operation is not permitted due to user having the maximum number of "
                "subscriptions assigned.",
            )
        return self._place_subscription(spec, found, user, self.clock.now())

    def add_subscription(
        self, subscription: Subscription, owner: User | None = None
    ) -> Subscription:
        """Store a new subscription for its owner (`owner`, when the caller has read it),
        evicting the owner's oldest when full."""
        if owner is None or owner.onesignal_id != subscription.onesignal_id:
            owner = self.get_user(subscription.onesignal_id)
        self._make_room(owner, keep=subscription.id)
        self.records.put_subscription(subscription)
        return subscription

    def transfer_subscription(
        self,
        subscription: Subscription,
        to: User,
        previous_owner: User | None = None,
        new_session_at: float | None = None,
    ) -> Subscription:
        """Move a subscription to another user, evicting that user's oldest one when full;
        `previous_owner` is the owner as the caller read it, `new_session_at` when the move
        starts a new session.

        A subscription has exactly one owner: the old owner loses it at the same moment. An
        anonymous user left with no subscription and no alias is removed, as OneSignal does.
        """
        if subscription.onesignal_id == to.onesignal_id:
            return subscription
        previous_id = subscription.onesignal_id
        self._make_room(to, keep=subscription.id)
        session = {} if new_session_at is None else {"last_session": new_session_at}
        moved = evolve(subscription, onesignal_id=to.onesignal_id, **session)
        self.records.put_subscription(moved)
        self._drop_if_orphaned(previous_id, previous_owner)
        return moved

    def update_subscription(
        self, subscription: Subscription, changes: SubscriptionChanges
    ) -> Subscription:
        updated = changes.apply(subscription)
        self.records.put_subscription(updated)
        return updated

    def delete_subscription(self, subscription: Subscription) -> None:
        self.records.delete_subscription(subscription.id)
        self._drop_if_orphaned(subscription.onesignal_id)

    # -- internals -------------------------------------------------------------------------

    def _resolve_identity(
        self, identity: Mapping[str, object]
    ) -> tuple[dict[str, str], dict[str, User]]:
        aliases: dict[str, str] = {}
        owners: dict[str, User] = {}
        for label, alias_id in identity.items():
            if label == rules.ONESIGNAL_ID:
                if not isinstance(alias_id, str):
                    raise InvalidInput("invalid-alias-id", "onesignal_id must be a string.")
                owners[alias_id] = self.get_user(alias_id)
                continue
            checked_label, checked_id = rules.validate_alias(label, alias_id)
            aliases[checked_label] = checked_id
            owner = self.records.find_user_by_alias(checked_label, checked_id)
            if owner is not None:
                owners[owner.onesignal_id] = owner
        return aliases, owners

    def _single_owner(
        self,
        owners: Mapping[str, User],
        aliases: Mapping[str, str],
        identity: Mapping[str, object],
    ) -> User | None:
        if len(owners) > 1:
            conflicting = {
                label: str(alias_id)
                for label, alias_id in identity.items()
                if label == rules.ONESIGNAL_ID or label in aliases
            }
            raise Conflict(
                "user-conflict",
                "The aliases in the request belong to more than one user.",
                {"conflicting_aliases": conflicting},
            )
        if not owners:
            return None
        owner = next(iter(owners.values()))
        for label, alias_id in aliases.items():
            current = owner.identity.get(label)
            if current is not None and current != alias_id and label == rules.EXTERNAL_ID:
                raise Conflict(
                    "user-conflict",
                    "The user the aliases name already has a different external_id.",
                    {"conflicting_aliases": {label: alias_id}},
                )
        return owner

    def _resolve_subscription(
        self, spec: NewSubscription
    ) -> tuple[NewSubscription, Subscription | None]:
        rules.validate_token(spec.type.value, spec.token)
        if spec.id is not None:
            return spec, self.get_subscription(spec.id)
        if spec.token:
            return spec, self.records.find_subscription_by_token(spec.type, spec.token)
        return spec, None

    def _place_subscription(
        self, spec: NewSubscription, found: Subscription | None, user: User, now: float
    ) -> Subscription:
        if found is not None:
            return self.transfer_subscription(found, user)
        enabled = spec.enabled if spec.enabled is not None else bool(spec.token)
        notification_types = spec.notification_types
        if notification_types is None:
            notification_types = (
                NotificationTypes.SUBSCRIBED if enabled else NotificationTypes.NO_PERMISSION
            )
        subscription = Subscription.new(
            id=new_id(),
            onesignal_id=user.onesignal_id,
            enabled=enabled,
            notification_types=int(notification_types),
            last_session=now,
            created_at=now,
            **spec.channel_fields(),
        )
        return self.add_subscription(subscription, user)

    def _make_room(self, user: User, keep: str) -> None:
        """Evict the subscription with the oldest last session into a new anonymous user."""
        if (
            self.records.count_subscriptions_of(user.onesignal_id)
            < rules.MAX_SUBSCRIPTIONS_PER_USER
        ):
            return  # counted first: most users are far from full, and reading them costs
        current = [s for s in self.records.subscriptions_of(user.onesignal_id) if s.id != keep]
        if len(current) < rules.MAX_SUBSCRIPTIONS_PER_USER:
            return
        # ties go to the one that joined first: `current` is in joining order
        oldest = min(current, key=lambda s: (s.last_session, s.created_at))
        anonymous = self.new_user()
        self.records.put_subscription(evolve(oldest, onesignal_id=anonymous.onesignal_id))

    def _drop_if_orphaned(self, onesignal_id: str, known: User | None = None) -> None:
        """Remove an anonymous user left without subscriptions (`known`: the user as the
        caller already read it, to spare a read)."""
        user = known if known is not None and known.onesignal_id == onesignal_id else None
        user = user or self.records.get_user(onesignal_id)
        if user is None or user.identity:
            return
        if not self.records.count_subscriptions_of(onesignal_id):
            self.records.delete_user(onesignal_id)
