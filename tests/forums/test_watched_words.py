"""Watched words (issue 17): matching rules, each action on topics, replies and edits, display
names, the admin's CSV import/export and "test a text" box, and the migration of board blocked words."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from demo.factories.forums import MemberFactory, TopicFactory, make_lead_moderator, make_moderator
from forums import watched_words
from forums.models import CrisisCase, Post, Report, Status, WatchedWord


def words(*rows, board=None):
    return [WatchedWord.objects.create(word=w, action=a, board=board, **extra) for w, a, extra in rows]


@pytest.mark.django_db
def test_matching_ignores_case_and_accents_and_respects_word_boundaries():
    entries = words(("class", "hold", {}), ("cafe au lait", "hold", {}), ("casino*", "hold", {}))
    found = lambda text: [m.entry.word for m in watched_words.find(text, entries)]  # noqa: E731
    assert found("A CLASS for survivors") == ["class"]
    assert found("A classic case") == []  # word boundaries
    assert found("Sub-class") == ["class"]
    assert found("Un Café  au\nlait?") == ["cafe au lait"]  # accents, case and any whitespace
    assert found("casinos and CASINO") == ["casino*", "casino*"]
    assert found("megacasino") == []
    match = watched_words.find("Un Café au lait", entries)[0]
    assert match.text == "Café au lait"  # positions map back to the original text


@pytest.fixture
def author(board):
    member = MemberFactory(display_name="Writer")
    client = Client()
    client.force_login(member.user)
    return member, client


def test_block_refuses_the_post_and_keeps_the_text(board, author):
    words(("casino", "block", {}))
    member, client = author
    topic = TopicFactory(board=board)
    response = client.post(topic.url + "reply/", {"message": "Come to the Casino tonight, friends"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Come to the Casino tonight, friends" in html  # nothing the member typed is lost
    assert "“casino”" in html and "error-summary" in html
    assert not Post.objects.filter(author=member.user).exists()
    # new topics (title too) and edits are checked the same way
    response = client.post(board.url + "new/", {"title": "Casino night", "message": "Join us"})
    assert response.status_code == 400 and not Post.objects.filter(author=member.user).exists()
    client.post(topic.url + "reply/", {"message": "A fine reply"})
    post = Post.objects.get(author=member.user)
    response = client.post(board.url + f"posts/{post.pk}/edit/", {"message": "Now a casino ad"})
    assert response.status_code == 400 and "Now a casino ad" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "A fine reply"


def test_board_words_apply_only_on_their_board(board, other_board, author):
    words(("zebra", "block", {}), board=other_board)
    _, client = author
    topic = TopicFactory(board=board)
    assert client.post(topic.url + "reply/", {"message": "A zebra"}).status_code == 302


def test_hold_flag_and_crisis(board, author, lead, django_capture_on_commit_callbacks):
    make_moderator(board)
    words(("miracle cure", "hold", {}), ("discount code", "flag", {}), ("want to die", "crisis", {}))
    member, client = author
    topic = TopicFactory(board=board)
    client.post(topic.url + "reply/", {"message": "This MIRACLE CURE worked"})
    held = Post.objects.get(body="This MIRACLE CURE worked")
    assert held.status == Status.HELD and held.held_reason == "Contains a watched word: “miracle cure”."

    client.post(topic.url + "reply/", {"message": "Use my discount code"})
    flagged = Post.objects.get(body="Use my discount code")
    assert flagged.status == Status.VISIBLE
    report = Report.objects.get(post=flagged)
    assert report.reporter is None and "discount code" in report.details

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(topic.url + "reply/", {"message": "Some days I want to die"})
    crisis_post = Post.objects.get(body="Some days I want to die")
    assert crisis_post.status == Status.VISIBLE  # never hidden automatically
    case = CrisisCase.objects.get(post=crisis_post)
    assert case.source == "watched_word" and case.matched == "want to die"
    page = client.get(topic.url).content.decode()
    assert "You don't have to go through this alone" in page and 'href="tel:988"' in page  # the author
    assert "go through this alone" not in Client().get(topic.url).content.decode()
    queue = Client()
    queue.force_login(lead.user)
    first = queue.get("/moderation/").content.decode().split('class="queue-item')[1]
    assert "Some days I want to die" in first and "Crisis" in first  # top of the queue, no report needed
    alerts = [m for m in mail.outbox if m.subject.startswith("URGENT")]
    assert alerts and "988" in alerts[0].body and f"/moderation/tools/crisis/{case.pk}/" in alerts[0].body
    # an edit that brings in a flag word flags the post; one that keeps it does not flag again
    client.post(board.url + f"posts/{flagged.pk}/edit/", {"message": "Use my discount code, really"})
    assert Report.objects.filter(post=flagged).count() == 1


def test_censor_replace_and_link_change_what_is_shown_not_what_was_written(board, author):
    words(
        ("darn", "censor", {}),
        ("Big Pharma Pill", "replace", {"replacement": "a medicine"}),
        ("988", "link", {"link_url": "https://988lifeline.org/"}),
    )
    member, client = author
    topic = TopicFactory(board=board)
    client.post(topic.url + "reply/", {"message": "Darn it. I took the big pharma pill. Call 988."})
    post = Post.objects.get(author=member.user)
    assert post.body == "Darn it. I took the big pharma pill. Call 988."
    assert "■■■ it." in post.body_html and "a medicine" in post.body_html
    assert '<a href="https://988lifeline.org/" rel="nofollow ugc noopener">988</a>' in post.body_html
    html = Client().get(topic.url).content.decode()
    assert "Darn" not in html and "■■■ it." in html


def test_link_entries_cannot_inject_markup(board, author):
    words(("helpline", "link", {"link_url": "https://example.org/help"}))
    member, client = author
    topic = TopicFactory(board=board)
    client.post(topic.url + "reply/", {"message": "[helpline](javascript:alert(1)) <script>x</script>"})
    html = Post.objects.get(author=member.user).body_html
    assert "javascript:" not in html and "<script>" not in html


def test_display_names_with_site_wide_words_are_refused(client, db):
    words(("casino", "block", {}))
    member = MemberFactory()
    client.force_login(member.user)
    response = client.post(
        "/members/profile/",
        {"display_name": "Casino King", "profile_visibility": "members", "email_notifications": "on"},
    )
    assert response.status_code == 400 and "Casino King" in response.content.decode()


def test_one_entry_per_word_site_wide_and_per_board(board, other_board):
    from django.db import IntegrityError, transaction

    WatchedWord.objects.create(word="Casino", action="block")
    WatchedWord.objects.create(word="casino", action="hold", board=board)  # a board may differ
    WatchedWord.objects.create(word="casino", action="flag", board=other_board)
    for extra in ({}, {"board": board}):
        with pytest.raises(IntegrityError), transaction.atomic():
            WatchedWord.objects.create(word="CASINO", action="flag", **extra)


def test_csv_round_trip_and_refused_import(board):
    words(("casino", "block", {}), ("988", "link", {"link_url": "https://988lifeline.org/"}), board=None)
    WatchedWord.objects.create(word="zebra", action="hold", board=board)
    exported = watched_words.export_csv()
    assert exported.splitlines()[0] == "word,action,board,replacement,link_url"
    assert f"zebra,hold,{board.slug},," in exported
    WatchedWord.objects.all().delete()
    assert watched_words.import_csv(exported.encode()) == (3, 0)
    assert watched_words.import_csv(exported) == (0, 3)
    bad = "word,action,board,replacement,link_url\nfine,hold,,,\nx,explode,,,\ny,hold,no-such-board,,\nz,link,,,\n"
    with pytest.raises(watched_words.CSVRefused) as refused:
        watched_words.import_csv(bad)
    assert len(refused.value.errors) == 3 and "Line 3" in refused.value.errors[0]
    assert not WatchedWord.objects.filter(word="fine").exists()  # all or nothing


@pytest.fixture
def admin_client(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("wwadmin", "wwadmin@example.org", "pw")
    client.force_login(user)
    return client


def test_admin_test_box_import_and_export(admin_client, board):
    from django.core.files.uploadedfile import SimpleUploadedFile

    words(("casino", "block", {}), ("darn", "censor", {}))
    response = admin_client.post("/admin/watched-words/tools/", {"text": "Darn casino", "board": board.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "casino" in html and "The post is refused" in html and "■■■ casino" in html
    assert admin_client.post("/admin/watched-words/tools/", {"text": ""}).status_code == 400
    export = admin_client.get("/admin/watched-words/export.csv")
    assert export["Content-Type"].startswith("text/csv") and b"casino,block" in export.content
    upload = SimpleUploadedFile("w.csv", b"word,action,board,replacement,link_url\nnewword,flag,,,\n")
    response = admin_client.post("/admin/watched-words/import/", {"file": upload})
    assert response.status_code == 302 and WatchedWord.objects.filter(word="newword", action="flag").exists()
    upload = SimpleUploadedFile("w.csv", b"nonsense\n<script>alert(1)</script>\n")
    response = admin_client.post("/admin/watched-words/import/", {"file": upload})
    assert response.status_code == 400 and "<script>alert" not in response.content.decode()
    assert admin_client.get("/admin/snippets/forums/watchedword/").status_code == 200


def test_moderators_without_admin_rights_cannot_use_the_tools(client, board):
    moderator = make_lead_moderator("LeadNoAdmin")
    client.force_login(moderator.user)
    assert client.get("/admin/watched-words/export.csv").status_code in (302, 403)


def test_board_blocked_words_migrate_to_hold_entries(board):
    """Migration 0011 run on the schema before 0012 (the column is re-added inside the test's
    transaction, which PostgreSQL rolls back with everything else)."""
    import importlib

    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("forums.migrations.0011_blocked_words_to_watched_words")
    old_apps = MigrationLoader(connection).project_state(("forums", "0010_moderator_tools")).apps
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending deferred checks before ALTER TABLE
        cursor.execute("ALTER TABLE forums_boardpage ADD COLUMN blocked_words text NOT NULL DEFAULT ''")
        cursor.execute(
            "UPDATE forums_boardpage SET blocked_words = %s WHERE page_ptr_id = %s",
            ["miracle cure\n\nCasino\ncasino\n", board.pk],
        )
    WatchedWord.objects.create(word="Miracle Cure", action="block", board=board)  # already there: kept
    migration.forwards(old_apps, None)
    entries = sorted(WatchedWord.objects.filter(board_id=board.pk).values_list("word", "action"))
    assert entries == [("Casino", "hold"), ("Miracle Cure", "block")]


def test_a_csv_import_writes_one_log_row_with_who_which_file_and_counts(admin_client, board):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forums.models import ActionKind, ModerationAction

    words(("casino", "block", {}))
    upload = SimpleUploadedFile(
        "spring-list.csv", b"word,action,board,replacement,link_url\ncasino,hold,,,\nnewword,flag,,,\n"
    )
    assert admin_client.post("/admin/watched-words/import/", {"file": upload}).status_code == 302
    row = ModerationAction.objects.get(action=ActionKind.IMPORT_WATCHED_WORDS)
    assert row.moderator.username == "wwadmin" and row.moderator_name == "wwadmin"
    assert row.target_type == "words" and "spring-list.csv" in row.target_label
    assert row.after == {"file": "spring-list.csv", "created": 1, "updated": 1}
    # A refused file changes nothing and logs nothing.
    refused = SimpleUploadedFile("bad.csv", b"word,action,board,replacement,link_url\nx,explode,,,\n")
    assert admin_client.post("/admin/watched-words/import/", {"file": refused}).status_code == 400
    assert ModerationAction.objects.filter(action=ActionKind.IMPORT_WATCHED_WORDS).count() == 1


def test_editors_keep_the_watched_words_and_plain_members_cannot(client, board, django_user_model):
    """Forums migration 0019: the Editors group adds, changes and deletes entries and uses the tools."""
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile

    editor = django_user_model.objects.create_user("ww-editor", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/snippets/forums/watchedword/").status_code == 200
    assert client.get("/admin/snippets/forums/watchedword/add/").status_code == 200
    response = client.post(
        "/admin/snippets/forums/watchedword/add/",
        {"word": "miracle cure", "action": "hold", "board": "", "replacement": "", "link_url": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    entry = WatchedWord.objects.get(word="miracle cure")
    assert client.get(f"/admin/snippets/forums/watchedword/edit/{entry.pk}/").status_code == 200
    assert client.get("/admin/watched-words/tools/").status_code == 200
    upload = SimpleUploadedFile("w.csv", b"word,action,board,replacement,link_url\nsnake oil,flag,,,\n")
    assert client.post("/admin/watched-words/import/", {"file": upload}).status_code == 302
    assert client.post(f"/admin/snippets/forums/watchedword/delete/{entry.pk}/").status_code == 302
    assert sorted(WatchedWord.objects.values_list("word", flat=True)) == ["snake oil"]

    member = MemberFactory(display_name="NoRights")
    client.force_login(member.user)
    for url in ("/admin/snippets/forums/watchedword/", "/admin/snippets/forums/watchedword/add/"):
        assert client.get(url).status_code in (302, 403)
    assert client.post("/admin/watched-words/import/", {"file": upload}).status_code in (302, 403)
    assert client.get("/admin/watched-words/tools/").status_code in (302, 403)
