"""Sessions move from Django's `django_session` table to `core_session` (core.models.Session),
each with the user id its signed data names, so that nobody is signed out by the move. Expired
sessions are left behind; the old table is emptied of those moved. Reversible."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core import signing
from django.db import migrations
from django.utils import timezone

BATCH = 1000


def user_id_of(session_data):
    """The user id the session's signed data names (None for data that does not decode, such as
    data signed with an earlier SECRET_KEY, or names nobody). Decoded as Django's engine and
    core.sessions do (the same salt), without a warning for each session that does not."""
    store = SessionStore()
    try:
        value = signing.loads(session_data, salt=store.key_salt, serializer=store.serializer).get(SESSION_KEY)
    except Exception:  # noqa: BLE001 (what SessionBase.decode treats as an empty session)
        return None
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None


def move(from_model, to_model, with_user):
    live = from_model.objects.filter(expire_date__gt=timezone.now()).order_by("session_key")
    keys = list(live.values_list("session_key", flat=True))
    for start in range(0, len(keys), BATCH):
        batch = keys[start : start + BATCH]
        rows = [
            to_model(
                session_key=row.session_key,
                session_data=row.session_data,
                expire_date=row.expire_date,
                **({"user_id": user_id_of(row.session_data)} if with_user else {}),
            )
            for row in from_model.objects.filter(session_key__in=batch)
        ]
        to_model.objects.bulk_create(rows, ignore_conflicts=True)
        from_model.objects.filter(session_key__in=batch).delete()


def forwards(apps, schema_editor):
    move(apps.get_model("sessions", "Session"), apps.get_model("core", "Session"), with_user=True)


def backwards(apps, schema_editor):
    move(apps.get_model("core", "Session"), apps.get_model("sessions", "Session"), with_user=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_session"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
