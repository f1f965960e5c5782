"""How often a member wants email about one watched topic or board, and whether emails are
paused. Read by immediate emails (forums.notifications) and digests (forums.notifications_center)."""

from django.utils import timezone

from forums.member_models import Frequency, WatchFrequency


def preferences_of(user):
    member = getattr(user, "member", None)
    return getattr(member, "preferences", None) if member is not None else None


def default_frequency(user):
    member = getattr(user, "member", None)
    if member is None or not member.email_notifications:
        return Frequency.OFF
    preferences = preferences_of(user)
    return preferences.email_frequency if preferences else Frequency.IMMEDIATE


def is_paused(user, now=None):
    preferences = preferences_of(user)
    return bool(preferences and preferences.emails_paused(now or timezone.now()))


def frequency_for(user, kind, object_id, overrides=None):
    """The member's frequency for this watch: its own choice, else their default.
    `overrides` ({(kind, id): frequency}) saves a query per watch when already loaded."""
    if overrides is None:
        overrides = {
            (w.kind, w.object_id): w.frequency
            for w in WatchFrequency.objects.filter(user=user, kind=kind, object_id=object_id)
        }
    member = getattr(user, "member", None)
    if member is None or not member.email_notifications:
        return Frequency.OFF
    return overrides.get((kind, object_id)) or default_frequency(user)


def wants_immediate_email(user, kind, object_id, now=None):
    return not is_paused(user, now) and frequency_for(user, kind, object_id) == Frequency.IMMEDIATE
