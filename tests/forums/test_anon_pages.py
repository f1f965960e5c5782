"""Anonymous board and topic pages served whole from the shared cache (forums.anon_pages), keyed
by the board generation PostgreSQL replaces in triggers, with the real PostgreSQL and Redis
`make test` starts: served from the cache at a fixed query budget, and every change such a
page shows is seen by the next anonymous reader at once, whatever made it (actions, the
admin's save, `QuerySet.update()`, `bulk_create`); held posts never appear; members and
moderators never get nor fill the anonymous copies."""

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from core.cache import pagecache
from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import actions, anon_pages, posting, privacy, reactions, topic_actions
from forums.member_models import FieldVisibility, MemberProfile
from forums.models import (
    ALL_BOARDS,
    BoardGeneration,
    ForumSettings,
    Post,
    PreModeration,
    Status,
    Topic,
)
from forums.posting import refresh_topic
from pages.models import SiteSettings

# The board page of a recorded route, read with its generations in one statement
# (BoardPage.routed_queryset): a page from the cache costs exactly this.
HIT_QUERIES = 1


@pytest.fixture
def anon_cache(redis_cache):
    """The real Redis as the shared cache (tests/forums/conftest.py), whole pages on (as in
    production)."""
    with override_settings(PAGE_CACHE_WHOLE_PAGES=True):
        # The settings row exists on a live site (its creation by a first render replaces the
        # every-board number, as any insert does).
        ForumSettings.for_site(Site.objects.get(is_default_site=True))
        yield redis_cache


def get(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200, response.status_code
    return response, response.get("X-Cache")


def page(url):
    """What the next anonymous reader sees (after a first request that may store it)."""
    response, _state = get(url)
    return response.content.decode()


def cached(url):
    """Render once, then check the second anonymous request comes from the cache."""
    get(url)
    response, state = get(url)
    assert state == "HIT"
    return response.content.decode()


def signed_in(member):
    client = Client()
    client.force_login(member.user)
    return client


# Served from the cache -----------------------------------------------------------------------


def test_second_board_request_is_served_from_the_cache(anon_cache, board, django_assert_num_queries):
    for n in range(3):
        TopicFactory(board=board, title=f"<script>alert({n})</script>", posts=1)
    first, state = get(board.url)
    assert state == "MISS"
    with django_assert_num_queries(HIT_QUERIES):
        second, state = get(board.url)
    assert state == "HIT"
    assert second.content == first.content
    assert "&lt;script&gt;alert(0)&lt;/script&gt;" in second.content.decode()
    # The middleware labels hits like misses: never kept by a browser or CDN as shared.
    assert second["Cache-Control"] == first["Cache-Control"]
    assert "private" in second["Cache-Control"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Set-Cookie" not in second and not second.cookies


def test_second_topic_request_is_served_from_the_cache(anon_cache, board, django_assert_num_queries):
    topic = TopicFactory(board=board, title="Scan results", posts=25)
    for url in (topic.url, f"{topic.url}?page=2"):
        first, state = get(url)
        assert state == "MISS"
        with django_assert_num_queries(HIT_QUERIES):
            second, state = get(url)
        assert state == "HIT" and second.content == first.content
    assert "Reply 24 to Scan results" in page(f"{topic.url}?page=2")
    assert "Reply 24 to Scan results" not in page(topic.url)


def test_the_query_budget_does_not_grow_with_content(anon_cache, board, django_assert_num_queries):
    topic = TopicFactory(board=board, posts=1)
    for url in (board.url, topic.url):
        cached(url)
    for _ in range(30):
        TopicFactory(board=board, posts=3)
    PostFactory.create_batch(25, topic=topic)
    for url in (board.url, f"{board.url}?page=2", topic.url, f"{topic.url}?page=2"):
        get(url)
        with django_assert_num_queries(HIT_QUERIES):
            assert get(url)[1] == "HIT"


def test_generations_come_with_the_board_row(anon_cache, board, member, django_assert_max_num_queries):
    """Once the route is recorded, no request reads the generations on their own: they come in
    the statement that loads the board (signed in or not), before anything the page shows."""
    topic = TopicFactory(board=board, posts=2)
    for client in (Client(), signed_in(member)):
        for url in (board.url, topic.url):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            alone = [q["sql"] for q in queries if q["sql"].startswith('SELECT "forums_boardgeneration"')]
            assert not alone, alone
            assert any('"every_board_generation"' in q["sql"] for q in queries)


def test_other_query_parameters_are_never_shared(anon_cache, board):
    TopicFactory(board=board, posts=1)
    for url in (
        f"{board.url}?x=<b>1</b>",
        f"{board.url}?page=1&x=1",
        f"{board.url}?page=1&page=2",
        f"{board.url}?page=abc",
        f"{board.url}?page=99999999",
        f"{board.url}?utm_source=mail",
    ):
        get(url)
        assert get(url)[1] is None, url  # rendered for this request, never stored


def test_head_requests_use_the_anonymous_copy(anon_cache, board):
    TopicFactory(board=board, posts=1)
    get(board.url)
    response = Client().head(board.url)
    assert response.status_code == 200 and response["X-Cache"] == "HIT"


def test_members_and_moderators_never_get_nor_fill_the_anonymous_copy(anon_cache, board, member, moderator):
    topic = TopicFactory(board=board, title="Shared words", posts=1)
    for url in (board.url, topic.url):
        for reader in (member, moderator):
            response, state = get(url, signed_in(reader))
            assert state is None  # nothing stored from a signed-in render
            assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        response, state = get(url)
        assert state == "MISS"  # the members' renders stored nothing
        assert "Sign out" not in response.content.decode()
        for reader in (member, moderator):
            response, state = get(url, signed_in(reader))
            assert state is None and "Sign out" in response.content.decode()
    assert "Topic tools" in get(topic.url, signed_in(moderator))[0].content.decode()


def test_session_and_messages_cookies_bypass_the_anonymous_copy(anon_cache, board):
    TopicFactory(board=board, posts=1)
    get(board.url)
    for cookie in ("sessionid", "messages"):
        client = Client()
        client.cookies[cookie] = "anything"
        assert get(board.url, client)[1] is None


def test_members_only_boards_are_never_served_to_visitors(anon_cache, private_board, member):
    topic = TopicFactory(board=private_board, title="Private words", posts=1)
    get(private_board.url, signed_in(member))
    for url in (private_board.url, topic.url):
        response = Client().get(url)
        assert response.status_code == 403 and "Private words" not in response.content.decode()
        assert response.get("X-Cache") is None


def test_a_render_with_a_per_request_value_is_not_stored():
    request = RequestFactory().get("/")
    assert anon_pages.rendered_nothing_personal(request)
    request._csp_nonce = "a-nonce"  # what django-csp sets once a template used request.csp_nonce
    assert not anon_pages.rendered_nothing_personal(request)
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.session["anything"] = 1
    assert not anon_pages.rendered_nothing_personal(request)


def test_off_without_whole_pages(anon_cache, board):
    TopicFactory(board=board, posts=1)
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        get(board.url)
        assert get(board.url)[1] is None


# Every change shows at once ------------------------------------------------------------------


def test_a_new_topic_and_a_reply_show_at_once(anon_cache, board, member):
    topic = TopicFactory(board=board, title="First days", posts=0)
    cached(board.url)
    cached(topic.url)
    posting.reply_to(topic, MemberFactory(display_name="Juniper"), "Welcome, you are not alone.")
    posting.start_topic(board, member, "Second opinions", "Who did you ask?")
    board_page = page(board.url)
    assert "Second opinions" in board_page and "Juniper<br>" in board_page
    assert "Welcome, you are not alone." in page(topic.url)


def test_an_edit_a_hide_and_a_delete_show_at_once(anon_cache, board, moderator):
    topic = TopicFactory(board=board, title="Old title", posts=2)
    first_reply, second_reply = topic.posts.filter(is_first=False).order_by("pk")
    cached(topic.url)
    cached(board.url)
    posting.edit_post(topic.posts.get(is_first=True), topic.author, "Same words", title="New title")
    posting.edit_post(first_reply, first_reply.author, "Changed words")
    topic_page = page(topic.url)
    assert "New title" in topic_page and "Changed words" in topic_page
    assert "New title" in page(board.url) and "Old title" not in page(board.url)
    cached(topic.url)
    actions.hide(moderator.user, first_reply)
    assert "Changed words" not in page(topic.url)
    cached(topic.url)
    posting.delete_post(Post.objects.get(pk=second_reply.pk))
    assert second_reply.body not in page(topic.url)


def test_a_held_post_never_shows_and_its_approval_shows_at_once(anon_cache, board, moderator, member):
    board.premoderation = PreModeration.ALL
    board.save_revision().publish()
    topic = TopicFactory(board=board, title="Waiting room", posts=1)
    cached(topic.url)
    held = posting.reply_to(topic, member, "Held words until approved")
    assert held.status == Status.HELD
    assert "Held words" not in cached(topic.url)
    assert "Held words" not in cached(board.url)
    actions.approve(moderator.user, held)
    assert "Held words until approved" in page(topic.url)


def test_lock_pin_and_move_show_at_once_on_both_boards(anon_cache, board, other_board, lead):
    topic = TopicFactory(board=board, title="Moving house", posts=1)
    TopicFactory(board=board, title="Another topic", posts=1)
    cached(board.url)
    cached(topic.url)
    cached(other_board.url)
    actions.lock(lead.user, topic)
    assert "This topic is locked" in page(topic.url)
    assert 'class="badge">Locked' in page(board.url)
    actions.pin(lead.user, topic)
    board_page = page(board.url)
    assert board_page.index("Moving house") < board_page.index("Another topic")
    cached(board.url)
    old_url = topic.url
    actions.move(lead.user, Topic.objects.get(pk=topic.pk), other_board)
    assert "Moving house" not in page(board.url)
    assert "Moving house" in page(other_board.url)
    moved = Client().get(old_url)
    assert moved.status_code == 301 and moved.get("X-Cache") is None


def test_a_rename_and_a_deleted_account_show_at_once(anon_cache, board):
    author = MemberFactory(display_name="Willow")
    topic = TopicFactory(board=board, author=author.user, posts=1)
    assert "Willow" in cached(topic.url) and "Willow" in cached(board.url)
    author.display_name = "Aspen"
    author.save()
    assert "Aspen" in page(topic.url) and "Willow" not in page(topic.url)
    assert "Aspen" in page(board.url) and "Willow" not in page(board.url)
    cached(topic.url)
    privacy.delete_account(author.user, privacy.KEEP_POSTS)
    topic_page = page(topic.url)
    assert "Aspen" not in topic_page and "Deleted member" in topic_page


def test_a_signature_shows_at_once(anon_cache, board):
    author = MemberFactory(display_name="Rowan")
    topic = TopicFactory(board=board, author=author.user, posts=0)
    cached(topic.url)
    MemberProfile.objects.create(
        member=author,
        diagnosis_type="IDC",
        diagnosis_visibility=FieldVisibility.EVERYONE,
        show_signature=True,
    )
    assert 'class="post__signature">IDC' in page(topic.url)


def test_a_reaction_count_shows_at_once(anon_cache, board, member):
    topic = TopicFactory(board=board, posts=0)
    post = topic.posts.get()
    labels = ForumSettings.for_site(Site.objects.get(is_default_site=True)).reaction_labels()
    assert '<span class="reaction__count">' not in cached(topic.url)
    reactions.toggle_reaction(member.user, post, labels[0], labels)
    assert '<span class="reaction__count">1</span>' in page(topic.url)


def test_queryset_update_and_bulk_create_show_at_once(anon_cache, board):
    """Writes that send no signal: only the database's triggers can see them."""
    topic = TopicFactory(board=board, title="Quiet title", posts=1)
    cached(board.url)
    cached(topic.url)
    Topic.objects.filter(pk=topic.pk).update(title="Loud title")
    assert "Loud title" in page(board.url) and "Loud title" in page(topic.url)
    cached(topic.url)
    Post.objects.filter(topic=topic, is_first=False).update(body_html="<p>Rewritten in bulk</p>")
    assert "Rewritten in bulk" in page(topic.url)
    cached(topic.url)
    Post.objects.bulk_create(
        Post(topic=topic, board=board, author=topic.author, body=f"Bulk {n}", body_html=f"<p>Bulk {n}</p>")
        for n in range(3)
    )
    assert "Bulk 2" in page(topic.url)
    cached(board.url)
    Topic.objects.bulk_create([Topic(board=board, title="Bulk topic", author=topic.author)])
    assert "Bulk topic" in page(board.url)
    cached(topic.url)
    Post.objects.filter(topic=topic, body="Bulk 0").delete()
    assert "Bulk 0" not in page(topic.url)


def test_board_page_publish_shows_at_once(anon_cache, board, django_capture_on_commit_callbacks):
    topic = TopicFactory(board=board, posts=1)
    cached(board.url)
    cached(topic.url)
    board.title = "Newly Diagnosed (renamed)"
    board.description = "A brand new description."
    with django_capture_on_commit_callbacks(execute=True):
        board.save_revision().publish()
    assert "A brand new description." in page(board.url)
    assert "Newly Diagnosed (renamed)" in page(topic.url)


def test_forum_and_site_settings_show_at_once(anon_cache, board, django_capture_on_commit_callbacks):
    topic = TopicFactory(board=board, posts=1)
    site = Site.objects.get(is_default_site=True)
    for url in (board.url, topic.url):
        cached(url)
    forum_settings = ForumSettings.for_site(site)
    forum_settings.crisis_notice = "A new crisis notice: call 988."
    with django_capture_on_commit_callbacks(execute=True):
        forum_settings.save()
    for url in (board.url, topic.url):
        assert "A new crisis notice: call 988." in page(url)
        cached(url)
    # Even with no signal and no own-key purge (a bulk update): the trigger replaces the number.
    ForumSettings.objects.filter(pk=forum_settings.pk).update(crisis_notice="Updated in bulk.")
    caches["default"].clear()  # the setting's own cache key, which such an update cannot reach
    assert "Updated in bulk." in page(board.url)
    site_settings = SiteSettings.for_site(site)
    site_settings.organization_name = "Komen Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    assert "Komen Renamed" in page(board.url)


def test_a_render_with_a_stale_forum_settings_copy_is_not_stored(anon_cache, board):
    """The forum settings come from a cache key of their own, deleted after commit: a render
    that read the old copy after the number changed must not be kept under the new number."""
    site = Site.objects.get(is_default_site=True)
    get(board.url)  # fills the settings' own key
    ForumSettings.objects.filter(site=site).update(crisis_notice="Newer than the cached copy.")
    response, state = get(board.url)
    assert state is None  # rendered from the old copy: served to this reader only
    assert get(board.url)[1] is None


def test_slow_mode_shows_at_once_and_its_end_bounds_the_copy(anon_cache, board, moderator, monkeypatch):
    topic = TopicFactory(board=board, posts=1)
    cached(board.url)
    ends_at = timezone.now() + dt.timedelta(minutes=30)
    topic_actions.set_slow_mode(moderator.user, 5, "Cooling down", ends_at, board=board)
    assert "Cooling down" in page(board.url)
    assert "Cooling down" in cached(topic.url)
    assert get(board.url)[1] == "HIT"
    # Past the slow mode's end the copy is no longer served (the page is rendered again).
    monkeypatch.setattr(pagecache, "wall_clock", lambda: ends_at.timestamp() + 1)
    pagecache.local.reset()
    assert get(board.url)[1] != "HIT"
    assert get(topic.url)[1] != "HIT"


# The database's side ---------------------------------------------------------------------------


def test_statements_replace_each_board_number_once(board, other_board):
    def numbers():
        return dict(BoardGeneration.objects.values_list("board_id", "generation"))

    topic = TopicFactory(board=board, posts=0)
    before = numbers()
    Post.objects.bulk_create(Post(topic=topic, board=board, body="x", body_html="x") for _ in range(50))
    after = numbers()
    assert after[board.pk] > before[board.pk]
    assert after.get(other_board.pk) == before.get(other_board.pk)
    refresh_topic(topic)
    # A member's unrelated counter changes no page: no number replaced.
    member = MemberFactory()
    before = numbers()
    type(member).objects.filter(pk=member.pk).update(approved_post_count=5)
    assert numbers() == before
    type(member).objects.filter(pk=member.pk).update(display_name="Renamed")
    assert numbers()[ALL_BOARDS] > before.get(ALL_BOARDS, 0)


def test_the_triggers_exist(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table, event_manipulation FROM information_schema.triggers "
            "WHERE trigger_name LIKE %s",
            ["%_boardgen_%"],
        )
        found = set(cursor.fetchall())
    for table in (
        "forums_topic",
        "forums_post",
        "forums_reactioncounts",
        "forums_member",
        "forums_memberprofile",
        "forums_forumsettings",
        "forums_slowmode",
        "forums_topicschedule",
    ):
        for event in ("INSERT", "UPDATE", "DELETE"):
            assert (table, event) in found, (table, event)
