"""How often a member wants email about one watched topic or board, whether emails are
paused, and which language their emails are written in. Read by immediate emails
(forums.notifications), digests (forums.notifications_center), moderation emails
(forums.audit) and allauth's account emails (forums.account_adapter)."""

from django.conf import settings
from django.utils import timezone, translation

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


def email_language(user, fallback=None):
    """The language every email to `user` is written in: their preference (set at sign-up to
    the language they signed up in), else `fallback` (an address with no member yet: the
    page's language), else the site's default. Decided from the member, never from whatever
    language happens to be active (a task worker has none of its own)."""
    preferences = preferences_of(user) if user is not None else None
    for language in (getattr(preferences, "email_language", ""), fallback):
        if language in dict(settings.LANGUAGES):
            return language
    return settings.LANGUAGE_CODE


def in_email_language(user):
    """`with in_email_language(user):` renders subject, body and links (reverse() adds /es/)
    in the member's language."""
    return translation.override(email_language(user))


def signup_language():
    """The active language when a member joins (the URL's: /es/ is Spanish), for their emails."""
    language = translation.get_language() or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
