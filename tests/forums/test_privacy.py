import json
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from forums import actions
from forums.models import Member, ModerationAction, Post, Status, Topic
from tests.factories.forums import PASSWORD, PostFactory, TopicFactory
from tests.forums.conftest import reauthenticate


def test_export_is_json_of_profile_topics_and_posts(reauthenticated_client, board, member, other_member):
    topic = TopicFactory(board=board, author=member.user, title="My topic")
    PostFactory(topic=topic, author=member.user, body="My reply")
    TopicFactory(board=board, author=other_member.user, title="Not mine")
    assert reauthenticated_client.get("/members/profile/export/").status_code == 200
    response = reauthenticated_client.post("/members/profile/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "Maple"
    assert data["account"]["email"] == member.user.email
    assert [t["title"] for t in data["topics"]] == ["My topic"]
    assert {p["message"] for p in data["posts"]} == {"Opening My topic", "My reply"}
    assert "Not mine" not in response.content.decode()


def test_export_and_delete_need_sign_in(client, home):
    for url in ("/members/profile/export/", "/members/profile/delete/", "/members/profile/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_delete_page_explains_both_choices_and_requires_confirmation(reauthenticated_client, member):
    page = reauthenticated_client.get("/members/profile/delete/").content.decode()
    assert "Remove my posts" in page and "Deleted member" in page and "cannot be undone" in page
    response = reauthenticated_client.post("/members/profile/delete/", {"posts": "keep"})
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    assert (
        reauthenticated_client.post(
            "/members/profile/delete/", {"posts": "bogus", "confirm": "on"}
        ).status_code
        == 400
    )
    assert Member.objects.filter(pk=member.pk).exists()


def test_delete_keeping_posts_shows_deleted_member(
    reauthenticated_client, client, board, member, other_member
):
    topic = TopicFactory(board=board, author=member.user, title="Kept topic")
    PostFactory(topic=topic, author=other_member.user, body="Thanks for sharing")
    response = reauthenticated_client.post("/members/profile/delete/", {"posts": "keep", "confirm": "on"})
    assert response.status_code == 200 and "Your account is deleted" in response.content.decode()
    assert not get_user_model().objects.filter(pk=member.user.pk).exists()
    assert not Member.objects.filter(pk=member.pk).exists()
    html = client.get(topic.url).content.decode()
    assert "Deleted member" in html and "Opening Kept topic" in html
    assert "Maple" not in html


def test_delete_removing_posts(reauthenticated_client, client, board, member, other_member):
    alone = TopicFactory(board=board, author=member.user, title="Nobody replied")
    discussed = TopicFactory(board=board, author=member.user, title="Others replied")
    PostFactory(topic=discussed, author=other_member.user, body="Their reply")
    elsewhere = TopicFactory(board=board, author=other_member.user, title="Someone else's")
    PostFactory(topic=elsewhere, author=member.user, body="My words elsewhere")

    reauthenticated_client.post("/members/profile/delete/", {"posts": "remove", "confirm": "on"})

    assert not Topic.objects.filter(pk=alone.pk).exists()
    assert not Post.objects.filter(body__in=["My words elsewhere", "Opening Others replied"]).exists()
    first = Post.objects.get(topic=discussed, is_first=True)
    assert first.status == Status.DELETED and first.author is None
    assert "removed by its author" in first.body
    html = client.get(discussed.url).content.decode()
    assert "Their reply" in html and "Opening Others replied" not in html
    elsewhere.refresh_from_db()
    assert elsewhere.reply_count == 0
    assert not Post.objects.search("elsewhere").count()


def test_editor_accounts_cannot_be_deleted_from_the_member_pages(client, home, django_user_model):
    from tests.factories.forums import MemberFactory

    editor = MemberFactory(user__is_staff=True)
    client.force_login(editor.user)
    reauthenticate(client)
    response = client.post("/members/profile/delete/", {"posts": "keep", "confirm": "on"})
    assert response.status_code == 403 and "editor account" in response.content.decode()
    assert django_user_model.objects.filter(pk=editor.user.pk).exists()


def test_removing_posts_redacts_the_members_words_from_the_moderation_log(
    reauthenticated_client, board, member, other_member, moderator
):
    mine = TopicFactory(board=board, author=member.user, title="My private worry")
    reply_to_mine = PostFactory(topic=mine, author=other_member.user, body="Their kind reply")
    elsewhere = TopicFactory(board=board, author=other_member.user, title="Someone else's topic")
    my_reply = PostFactory(topic=elsewhere, author=member.user, body="My secret words")
    actions.edit(moderator.user, my_reply, "My secret words, tidied", "Tidy")
    actions.lock(moderator.user, mine)
    actions.hide(moderator.user, reply_to_mine, "Off topic")
    other_edit = PostFactory(topic=elsewhere, author=other_member.user, body="Other words")
    actions.edit(moderator.user, other_edit, "Other words, tidied", "Tidy")

    reauthenticated_client.post("/members/profile/delete/", {"posts": "remove", "confirm": "on"})

    rows = {row.action + str(row.target_id): row for row in ModerationAction.objects.all()}
    text = json.dumps([[r.before, r.after, r.target_label] for r in rows.values()])
    assert "My secret words" not in text and "My private worry" not in text
    edit = rows[f"edit{my_reply.pk}"]
    assert edit.before == edit.after == {"redacted": True}
    assert edit.reason == "Tidy" and edit.moderator_name == "ModAlex" and edit.member_name == "Maple"
    assert rows[f"lock{mine.pk}"].target_label == f"Topic {mine.pk} (removed by its author)"
    assert rows[f"lock{mine.pk}"].after == {"is_locked": True}  # the action itself is kept
    assert rows[f"hide{reply_to_mine.pk}"].target_label == f"Post {reply_to_mine.pk} (removed by its author)"
    # Other members' words and other topics' titles stay as they were.
    other = rows[f"edit{other_edit.pk}"]
    assert other.before == {"body": "Other words"} and "Someone else's topic" in other.target_label


def test_the_delete_page_says_what_the_log_keeps(reauthenticated_client):
    html = reauthenticated_client.get("/members/profile/delete/").content.decode()
    assert "What the moderation log keeps" in html
    assert "the reason they gave, and the display name you had" in html


DESTRUCTIVE = ("/members/profile/delete/", "/members/profile/export/")


def test_destructive_account_actions_ask_for_the_password_again(member_client, member):
    for url in DESTRUCTIVE:
        for response in (
            member_client.get(url),
            member_client.post(url, {"posts": "remove", "confirm": "on"}),
        ):
            assert response.status_code == 302, url
            assert response["Location"] == "/accounts/reauthenticate/?" + urlencode({"next": url}), url
    email = member_client.post("/accounts/email/", {"action_add": "", "email": "changed@example.org"})
    assert email.status_code == 302 and email["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="changed@example.org").exists()
    assert Member.objects.filter(pk=member.pk).exists()
    # A wrong password does not count as re-entering it.
    wrong = member_client.post("/accounts/reauthenticate/", {"password": "not my password"})
    assert wrong.status_code == 200
    assert member_client.get(DESTRUCTIVE[0]).status_code == 302


def test_after_reauthenticating_the_actions_work(member_client, member):
    page = member_client.get("/accounts/reauthenticate/?next=/members/profile/delete/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    done = member_client.post(
        "/accounts/reauthenticate/?next=/members/profile/delete/", {"password": PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == "/members/profile/delete/"
    assert member_client.post("/members/profile/export/").status_code == 200
    email = member_client.post("/accounts/email/", {"action_add": "", "email": "changed@example.org"})
    assert email.status_code == 302 and EmailAddress.objects.filter(email="changed@example.org").exists()
    deleted = member_client.post("/members/profile/delete/", {"posts": "keep", "confirm": "on"})
    assert deleted.status_code == 200 and not Member.objects.filter(pk=member.pk).exists()


def test_reauthentication_expires(member_client, member, settings):
    reauthenticate(member_client)
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    response = member_client.post("/members/profile/delete/", {"posts": "keep", "confirm": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert Member.objects.filter(pk=member.pk).exists()


def test_export_has_readme_urls_revisions_reports_and_titled_watches(
    reauthenticated_client, board, member, other_member
):
    from forums import posting
    from forums.models import Report, TopicWatch

    topic = TopicFactory(board=board, author=member.user, title="My topic")
    reply = PostFactory(topic=topic, author=member.user, body="First words")
    posting.edit_post(reply, member.user, "Better words")
    theirs = TopicFactory(board=board, author=other_member.user, title="Their topic")
    their_post = theirs.posts.get()
    Report.objects.create(post=their_post, reporter=member.user, reason="crisis", details="Worried")
    TopicWatch.objects.get_or_create(user=member.user, topic=theirs)
    reauthenticated_client.post(board.url + "watch/", {"watch": "1"})

    data = json.loads(reauthenticated_client.post("/members/profile/export/").content)
    assert isinstance(data["README"], list) and any("revisions" in line for line in data["README"])
    assert list(data)[0] == "README"
    assert data["topics"][0]["url"] == f"http://localhost{board.url}topics/{topic.pk}/"
    edited = next(p for p in data["posts"] if p["id"] == reply.pk)
    assert edited["message"] == "Better words"
    assert edited["url"].endswith(f"{board.url}posts/{reply.pk}/")
    assert [r["message"] for r in edited["revisions"]] == ["First words"]
    assert data["reports"] == [
        {
            "created_at": data["reports"][0]["created_at"],
            "post_url": f"http://localhost{board.url}posts/{their_post.pk}/",
            "topic_title": "Their topic",
            "reason": "Someone may be at risk",
            "details": "Worried",
            "status": "open",
        }
    ]
    watched_titles = {w["title"] for w in data["watching"]["topics"]}
    assert "Their topic" in watched_titles
    assert all(w["url"].startswith("http://") for w in data["watching"]["topics"])
    assert data["watching"]["boards"] == [
        {"id": board.pk, "title": board.title, "url": f"http://localhost{board.url}"}
    ]
