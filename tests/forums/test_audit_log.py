"""The moderation log: a row for every action, readable and filterable, impossible to alter."""

import importlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.test import Client

from demo.factories.forums import MemberFactory, PostFactory, ReportFactory, TopicFactory
from forums import actions
from forums.models import AppendOnlyError, ModerationAction, Status


def test_every_action_writes_one_row(board, other_board, lead):
    user = lead.user
    author = MemberFactory(display_name="Author")
    topic = TopicFactory(board=board, author=author.user, posts=1)
    held = PostFactory(topic=topic, author=author.user, status=Status.HELD)
    held2 = PostFactory(topic=topic, author=author.user, status=Status.HELD)
    visible = PostFactory(topic=topic, author=author.user)
    other = TopicFactory(board=board)
    report = ReportFactory(post=visible)
    actions.approve(user, held)
    actions.reject(user, held2, "Spam")
    actions.hide(user, visible, "Rude")
    actions.restore(user, visible)
    actions.edit(user, visible, "Edited", "Tidy")
    actions.lock(user, topic)
    actions.unlock(user, topic)
    actions.pin(user, topic)
    actions.unpin(user, topic)
    actions.move(user, topic, other_board)
    actions.move(user, topic, board)
    actions.merge(user, other, topic)
    actions.dismiss_report(user, ReportFactory(post=PostFactory(topic=topic)))
    actions.warn(user, author, board, "Careful")
    from django.utils import timezone

    actions.suspend(user, author, board, timezone.now() + timezone.timedelta(days=1), "Break")
    actions.lift_suspension(user, author, board)
    actions.ban(user, author, board, "Enough")
    actions.lift_suspension(user, author, board)
    logged = list(ModerationAction.objects.order_by("pk").values_list("action", flat=True))
    assert logged == [
        "approve", "reject", "hide", "restore", "edit", "lock", "unlock", "pin", "unpin",
        "move", "move", "merge", "dismiss", "warn", "suspend", "lift", "ban", "lift",
    ]  # fmt: skip
    report.refresh_from_db()
    assert report.status == "resolved"  # hiding the post closed its report
    row = ModerationAction.objects.get(action="hide")
    assert row.moderator == user and row.moderator_name == "LeadCasey" and row.board_id == board.pk
    assert row.member_id == author.user.pk and row.target_type == "post" and row.target_id == visible.pk
    assert row.reason == "Rude" and row.created_at
    suspend = ModerationAction.objects.get(action="suspend")
    assert suspend.before["suspended_until"] is None and suspend.after["suspended_until"]


def test_refused_actions_write_nothing(board, other_moderator):
    post = PostFactory(topic=TopicFactory(board=board), status=Status.HELD)
    with pytest.raises(PermissionDenied):
        actions.approve(other_moderator.user, post)
    assert not ModerationAction.objects.exists()


def test_log_rows_cannot_be_changed_or_deleted(board, moderator):
    post = PostFactory(topic=TopicFactory(board=board))
    actions.hide(moderator.user, post, "Original reason")
    row = ModerationAction.objects.get()
    row.reason = "Rewritten"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.filter(pk=row.pk).update(reason="Rewritten")
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.all().delete()
    for sql in (
        "UPDATE forums_moderationaction SET reason = 'Rewritten'",
        "DELETE FROM forums_moderationaction",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)
    assert ModerationAction.objects.get().reason == "Original reason"


def test_deleting_the_member_or_board_keeps_the_log(board, moderator):
    from forums.privacy import REMOVE_POSTS, delete_account

    author = MemberFactory(display_name="Leaving")
    post = PostFactory(topic=TopicFactory(board=board, author=author.user), author=author.user)
    actions.hide(moderator.user, post, "Rude")
    delete_account(author.user, REMOVE_POSTS)
    row = ModerationAction.objects.get()
    assert row.member_name == "Leaving" and row.reason == "Rude"


def test_log_page_filters_and_escapes(board, other_board, moderator, other_moderator, mod_client):
    a = PostFactory(topic=TopicFactory(board=board, author=MemberFactory(display_name="Ann").user))
    b = PostFactory(topic=TopicFactory(board=board, author=MemberFactory(display_name="Bo").user))
    actions.hide(moderator.user, a, "<img src=x onerror=alert(1)>")
    actions.lock(moderator.user, b.topic)
    actions.hide(other_moderator.user, PostFactory(topic=TopicFactory(board=other_board)), "Elsewhere")
    html = mod_client.get("/moderation/log/").content.decode()
    assert "2 actions" in html and "Elsewhere" not in html  # only the boards they moderate
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "1 action" in mod_client.get("/moderation/log/", {"action": "lock"}).content.decode()
    by_member = mod_client.get("/moderation/log/", {"member": "ann"}).content.decode()
    assert "1 action" in by_member and "Hid post" in by_member
    assert "2 actions" in mod_client.get("/moderation/log/", {"moderator": "ModAlex"}).content.decode()
    assert "2 actions" in mod_client.get("/moderation/log/", {"board": board.pk}).content.decode()
    assert mod_client.get("/moderation/log/", {"board": other_board.pk}).status_code == 400  # not theirs
    assert mod_client.get("/moderation/log/", {"action": "explode"}).status_code == 400
    assert mod_client.get("/moderation/log/", {"page": "9999"}).status_code == 200


def test_log_is_read_only_in_the_wagtail_admin(board, moderator, admin_user):
    post = PostFactory(topic=TopicFactory(board=board))
    actions.hide(moderator.user, post, "Rude")
    row = ModerationAction.objects.get()
    client = Client()
    client.force_login(admin_user)
    index = client.get("/admin/forum_moderation_log/")
    assert index.status_code == 200
    assert "ModAlex" in index.content.decode()
    assert client.get(f"/admin/forum_moderation_log/inspect/{row.pk}/").status_code == 200
    for url in ("/admin/forum_moderation_log/new/", f"/admin/forum_moderation_log/edit/{row.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
    assert client.post(f"/admin/forum_moderation_log/delete/{row.pk}/").status_code in (302, 403)
    assert ModerationAction.objects.filter(pk=row.pk, reason="Rude").exists()
    assert "Add moderation action" not in index.content.decode()
    assert client.get("/admin/forum_reports/").status_code == 200
    assert client.get("/admin/forum_moderation_log/", {"action": "hide"}).status_code == 200
    assert client.get("/admin/snippets/forums/cannedresponse/").status_code == 200


def test_log_page_query_count_is_constant(board, moderator, mod_client):
    from tests.utils import count_queries

    def fill(count):
        for _ in range(count):
            post = PostFactory(topic=TopicFactory(board=board))
            actions.hide(moderator.user, post, "Spam")

    fill(2)
    mod_client.get("/moderation/log/")
    small = count_queries(mod_client.get, "/moderation/log/")[1]
    fill(55)  # more than a page
    assert count_queries(mod_client.get, "/moderation/log/")[1] == small
    assert count_queries(mod_client.get, "/moderation/log/?page=2")[1] == small


def _hidden_row(board, moderator):
    post = PostFactory(topic=TopicFactory(board=board))
    actions.hide(moderator.user, post, "Original reason")
    return ModerationAction.objects.get()


def _copy(row, **changes):
    fields = {f.attname: getattr(row, f.attname) for f in ModerationAction._meta.concrete_fields}
    return ModerationAction(**{**fields, **changes})


def test_a_new_instance_with_an_existing_pk_cannot_overwrite_the_row(board, moderator):
    row = _hidden_row(board, moderator)
    with pytest.raises(AppendOnlyError):
        _copy(row, reason="Rewritten").save()
    with pytest.raises(AppendOnlyError):
        ModerationAction(
            pk=row.pk, moderator_name="Forger", action="hide", target_type="post", target_id=1
        ).save()
    assert ModerationAction.objects.get().reason == "Original reason"


def test_bulk_upserts_and_bulk_updates_are_refused(board, moderator):
    row = _hidden_row(board, moderator)
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.bulk_create(
            [_copy(row, reason="Rewritten")],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["reason"],
        )
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.bulk_create([_copy(row, reason="Rewritten")], ignore_conflicts=True)
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.bulk_create([_copy(row, reason="Rewritten")])
    row.reason = "Rewritten"
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.bulk_update([row], ["reason"])
    assert ModerationAction.objects.get().reason == "Original reason"
    # Appending new rows in bulk still works.
    ModerationAction.objects.bulk_create([_copy(row, id=None, reason="Another")])
    assert ModerationAction.objects.count() == 2


def test_the_database_allows_only_the_redaction_change(board, moderator):
    row = _hidden_row(board, moderator)
    for sql in (
        """UPDATE forums_moderationaction SET before = '{"body": "forged"}'""",
        "UPDATE forums_moderationaction SET target_label = 'Something else'",
        """UPDATE forums_moderationaction SET before = '{"redacted": true}', reason = 'x'""",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql)
    ModerationAction.objects.redact_authored([row.target_id], [])
    row = ModerationAction.objects.get()
    assert row.reason == "Original reason" and row.action == "hide"


def _sqlite_log_table():
    """An SQLite database (the development engine) with the log table and migration 0008's triggers."""
    from django.apps import apps as django_apps
    from django.db.backends.sqlite3.base import DatabaseWrapper

    migration = importlib.import_module("forums.migrations.0008_moderation_log_append_only_everywhere")
    sqlite = DatabaseWrapper(
        {
            **connection.settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "OPTIONS": {},
        }
    )
    with sqlite.schema_editor() as editor:
        editor.create_model(ModerationAction)
        migration.by_vendor(sqlite=migration.SQLITE)(django_apps, editor)
    return sqlite


def test_sqlite_refuses_updates_and_deletes_like_postgresql(django_db_blocker):
    with django_db_blocker.unblock():
        _check_sqlite_triggers()


def _check_sqlite_triggers():
    sqlite = _sqlite_log_table()
    with sqlite.cursor() as c:
        c.execute(
            "INSERT INTO forums_moderationaction (moderator_name, action, member_name, target_type, target_id,"
            " target_label, reason, before, after, created_at) VALUES ('Mod', 'edit', 'Ann', 'post', 5,"
            """ 'Post 5 in “My title”', 'Tidy', '{"body": "my words"}', '{"body": "tidied"}', '2026-01-01')"""
        )
        for sql in (
            "UPDATE forums_moderationaction SET reason = 'Rewritten'",
            """UPDATE forums_moderationaction SET before = '{"body": "forged"}'""",
            "UPDATE forums_moderationaction SET target_label = 'Something else'",
            "DELETE FROM forums_moderationaction",
        ):
            with pytest.raises(DatabaseError, match="append-only"):
                c.execute(sql)
        c.execute(
            """UPDATE forums_moderationaction SET before = '{"redacted": true}', after = '{"redacted": true}',"""
            " target_label = 'Post 5 (removed by its author)'"
        )
        c.execute("SELECT reason, before, target_label FROM forums_moderationaction")
        assert c.fetchall() == [("Tidy", '{"redacted": true}', "Post 5 (removed by its author)")]
    sqlite.close()
