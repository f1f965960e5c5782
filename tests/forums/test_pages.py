import io

from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page

from demo.factories.forums import BoardPageFactory, ForumIndexPageFactory, TopicFactory
from forums.models import BoardPage, BoardVisibility, ForumIndexPage, Member, Topic
from pages.models import HomePage, StandardPage


def test_page_tree_rules(home):
    assert ForumIndexPage.allowed_parent_page_models() == [HomePage]
    assert ForumIndexPage.allowed_subpage_models() == [BoardPage]
    assert BoardPage.allowed_parent_page_models() == [ForumIndexPage]
    assert BoardPage.allowed_subpage_models() == []
    assert ForumIndexPage.can_create_at(home)
    index = ForumIndexPageFactory(parent=home)
    assert not ForumIndexPage.can_create_at(home)  # only one
    assert BoardPage.can_create_at(index) and not BoardPage.can_create_at(home)


def test_board_listing_order_pinned_first_then_newest_activity(client, home):
    import datetime as dt

    from django.utils import timezone

    board = BoardPageFactory(parent=ForumIndexPageFactory(parent=home))
    now = timezone.now()
    old = TopicFactory(board=board, title="Old topic")
    new = TopicFactory(board=board, title="New topic")
    pinned = TopicFactory(board=board, title="Pinned topic", is_pinned=True)
    for topic, age in ((old, 3), (new, 1), (pinned, 10)):
        Topic.objects.filter(pk=topic.pk).update(last_post_at=now - dt.timedelta(days=age))
    html = client.get(board.url).content.decode()
    assert html.index("Pinned topic") < html.index("New topic") < html.index("Old topic")


def test_unread_markers_for_members(client, home):
    from demo.factories.forums import MemberFactory, PostFactory

    board = BoardPageFactory(parent=ForumIndexPageFactory(parent=home))
    topic = TopicFactory(board=board, title="Fresh")
    reader = MemberFactory()
    client.force_login(reader.user)
    assert "badge--new" in client.get(board.url).content.decode()
    client.get(topic.url)
    assert "badge--new" not in client.get(board.url).content.decode()
    PostFactory(topic=topic, author=MemberFactory().user)
    assert "badge--new" in client.get(board.url).content.decode()
    client.logout()
    assert "badge--new" not in client.get(board.url).content.decode()


def test_topics_paginate(client, home):
    board = BoardPageFactory(parent=ForumIndexPageFactory(parent=home))
    for _ in range(BoardPage.TOPICS_PER_PAGE + 2):
        TopicFactory(board=board)
    first = client.get(board.url).content.decode()
    assert 'aria-label="Pagination"' in first and "page 1 of 2" in first
    assert first.count('scope="row"') == BoardPage.TOPICS_PER_PAGE
    assert client.get(board.url, {"page": 2}).content.decode().count('scope="row"') == 2


def test_demo_content_is_complete_and_idempotent(db):
    call_command("load_demo_content", stdout=io.StringIO())
    second = io.StringIO()
    call_command("load_demo_content", stdout=second)
    assert "created" not in second.getvalue()
    index = ForumIndexPage.objects.get(locale__language_code="en")
    assert index.title == "Message Boards"
    boards = BoardPage.objects.child_of(index)
    assert boards.count() >= 3
    assert boards.filter(visibility=BoardVisibility.MEMBERS).exists()
    assert boards.filter(title="Family, Friends and Caregivers").exists()
    assert Member.objects.count() >= 3
    assert Topic.objects.count() == 5  # four conversations and one held topic, not duplicated
    assert StandardPage.objects.filter(slug="community-guidelines").exists()
    # Once per language: the Spanish demo translates the boards index (issue 20).
    for language in ("en", "es"):
        assert Page.objects.filter(slug="message-boards", locale__language_code=language).count() == 1
    _check_demo_moderation()


def _check_demo_moderation():
    """A moderator per board (powerless elsewhere), a lead moderator, and a queue to work on."""
    from django.contrib.auth import get_user_model

    from forums import policy
    from forums.models import Report, Status
    from forums.review_queue import queue_posts

    boards = list(BoardPage.objects.all())
    lead = get_user_model().objects.get(email="lead.moderator.demo@example.org")
    assert policy.is_lead_moderator(lead)
    for board in boards:
        mods = [u for u in policy.moderators_of(board) if u.pk != lead.pk]
        assert len(mods) == 1, board.title
        assert not any(policy.is_moderator(mods[0], b) for b in boards if b.pk != board.pk)
    queue = list(queue_posts([b.pk for b in boards]))
    assert queue[0].has_crisis
    assert sum(p.status == Status.HELD for p in queue) == 2
    assert Report.objects.count() == 2


def test_admin_viewsets_list_search_and_filter(client, home, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-12345")
    board = BoardPageFactory(parent=ForumIndexPageFactory(parent=home))
    TopicFactory(board=board, title="Findable topic")
    client.force_login(admin)
    for url in ("/admin/forum_members/", "/admin/forum_topics/", "/admin/forum_posts/"):
        assert client.get(url).status_code == 200, url
    assert "Findable topic" in client.get("/admin/forum_topics/", {"q": "findable"}).content.decode()
    assert client.get("/admin/forum_posts/", {"status": "visible"}).status_code == 200
    assert client.get("/admin/settings/forums/forumsettings/").status_code in (200, 302)


def test_editor_creates_a_board_in_the_admin(client, home, django_user_model):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-admin-12345")
    client.force_login(admin)
    index = ForumIndexPageFactory(parent=home)
    data = nested_form_data(
        {
            "title": "Young Survivors",
            "slug": "young-survivors",
            "description": "For people diagnosed under 40.",
            "guidelines": rich_text("<p>Be kind.</p>"),
            "visibility": "members",
            "premoderation": "new_members",
            "premoderation_threshold": 2,
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/add/forums/boardpage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    board = BoardPage.objects.get(slug="young-survivors")
    assert board.live and board.members_only and board.premoderation_threshold == 2
    assert client.get(f"/admin/pages/{board.pk}/edit/").status_code == 200


def test_board_and_topic_pages_name_their_own_canonical_and_social_url(client, board):
    """base.html works the page's full URL out once and shares it with the topic page's block."""
    topic = TopicFactory(board=board, title="Canonical topic")
    for url in (board.url, topic.url):
        html = BeautifulSoup(client.get(url).content, "html.parser")
        canonical = html.find("link", rel="canonical")["href"]
        assert canonical.startswith("http") and canonical.endswith(url)
        assert html.find("meta", property="og:url")["content"] == board.full_url
