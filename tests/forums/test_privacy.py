import json

from django.contrib.auth import get_user_model

from forums.models import Member, Post, Status, Topic
from tests.factories.forums import PostFactory, TopicFactory


def test_export_is_json_of_profile_topics_and_posts(member_client, board, member, other_member):
    topic = TopicFactory(board=board, author=member.user, title="My topic")
    PostFactory(topic=topic, author=member.user, body="My reply")
    TopicFactory(board=board, author=other_member.user, title="Not mine")
    assert member_client.get("/members/profile/export/").status_code == 200
    response = member_client.post("/members/profile/export/")
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


def test_delete_page_explains_both_choices_and_requires_confirmation(member_client, member):
    page = member_client.get("/members/profile/delete/").content.decode()
    assert "Remove my posts" in page and "Deleted member" in page and "cannot be undone" in page
    response = member_client.post("/members/profile/delete/", {"posts": "keep"})
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    assert (
        member_client.post("/members/profile/delete/", {"posts": "bogus", "confirm": "on"}).status_code == 400
    )
    assert Member.objects.filter(pk=member.pk).exists()


def test_delete_keeping_posts_shows_deleted_member(member_client, client, board, member, other_member):
    topic = TopicFactory(board=board, author=member.user, title="Kept topic")
    PostFactory(topic=topic, author=other_member.user, body="Thanks for sharing")
    response = member_client.post("/members/profile/delete/", {"posts": "keep", "confirm": "on"})
    assert response.status_code == 200 and "Your account is deleted" in response.content.decode()
    assert not get_user_model().objects.filter(pk=member.user.pk).exists()
    assert not Member.objects.filter(pk=member.pk).exists()
    html = client.get(topic.url).content.decode()
    assert "Deleted member" in html and "Opening Kept topic" in html
    assert "Maple" not in html


def test_delete_removing_posts(member_client, client, board, member, other_member):
    alone = TopicFactory(board=board, author=member.user, title="Nobody replied")
    discussed = TopicFactory(board=board, author=member.user, title="Others replied")
    PostFactory(topic=discussed, author=other_member.user, body="Their reply")
    elsewhere = TopicFactory(board=board, author=other_member.user, title="Someone else's")
    PostFactory(topic=elsewhere, author=member.user, body="My words elsewhere")

    member_client.post("/members/profile/delete/", {"posts": "remove", "confirm": "on"})

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
    response = client.post("/members/profile/delete/", {"posts": "keep", "confirm": "on"})
    assert response.status_code == 403 and "editor account" in response.content.decode()
    assert django_user_model.objects.filter(pk=editor.user.pk).exists()


def test_export_has_readme_urls_revisions_reports_and_titled_watches(
    member_client, board, member, other_member
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
    member_client.post(board.url + "watch/", {"watch": "1"})

    data = json.loads(member_client.post("/members/profile/export/").content)
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
