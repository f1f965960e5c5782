"""Signed-in board and topic pages rendered from the members' shared shell (core.cache.shells,
forums.member_pages), with the real PostgreSQL and Redis `make test` starts: a page from the shell
is the page the reader would get rendered whole; the shell holds nothing of the reader who
rendered it (name, markers, tokens, tools, messages, held posts); every change shows at once."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from django.utils import timezone
from wagtail.models import Site

from core.cache import pagecache, shells
from demo.factories.forums import MemberFactory, PostFactory, TopicFactory
from forums import anon_pages, member_pages, posting
from forums.models import BoardWatch, ForumSettings, Status
from forums.modtools_models import SlowMode

from .conftest import signed_in

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
# A capture's marks (core.cache.shells.Capture.mark): never left in a page served.
MARK = re.compile(r"<!--/?[0-9a-f]{32}:[0-9]+-->")
# A form's one-time submission key (a fresh UUID per render, whole or not).
ONCE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def shell_cache(redis_cache):
    """Whole pages on (as in production), the real Redis as the shared cache."""
    with override_settings(PAGE_CACHE_WHOLE_PAGES=True):
        ForumSettings.for_site(Site.objects.get(is_default_site=True))
        yield redis_cache


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert not MARK.search(response.content.decode())
    return ONCE.sub("-", TOKEN.sub('name="csrfmiddlewaretoken" value="-"', response.content.decode()))


def whole(client, url):
    """The same page rendered whole (no shell used or kept)."""
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        return html(client, url)


def stored_shell(board, url):
    """The shell kept for `url` of `board` (its pieces joined), or None."""
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    value, _generation = pagecache.lookup_value(anon_pages.cache_key(request, board, member_pages.VARIANT))
    return None if value is None else "".join(value[1])


def test_a_board_page_from_the_shell_is_the_page_rendered_whole(shell_cache, board, fills):
    maple, birch = MemberFactory(display_name="Maple"), MemberFactory(display_name="Birch")
    read = TopicFactory(board=board, title="Scan day", posts=2)
    TopicFactory(board=board, title="<script>alert(1)</script>", posts=1)
    posting.mark_read(birch.user, read)
    BoardWatch.objects.create(user=birch.user, board=board)
    first = html(signed_in(maple), board.url)  # renders whole, keeps the shell
    assert fills == []
    birch_client = signed_in(birch)
    from_shell = html(birch_client, board.url)
    assert fills == ["forums/board_page.html"]
    assert from_shell == whole(birch_client, board.url)
    # Birch's own parts: her name, her watch, her markers (one topic read, one new).
    assert "Birch" in from_shell and "Maple" not in from_shell
    assert "Stop watching this board" in from_shell and "Stop watching" not in first
    assert from_shell.count("topic--unread") == 1 and first.count("topic--unread") == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in from_shell and "<script>alert(1)" not in from_shell
    # The kept shell holds nothing of Maple's.
    shell = stored_shell(board, board.url)
    assert shell is not None
    for personal in ("Maple", "Sign out", "csrfmiddlewaretoken", "topic--unread", "Scan day"):
        assert personal not in shell


def test_a_topic_page_from_the_shell_is_the_page_rendered_whole(shell_cache, board, moderator, fills):
    maple, birch = MemberFactory(display_name="Maple"), MemberFactory(display_name="Birch")
    topic = TopicFactory(board=board, title="Radiation questions", posts=3)
    held = PostFactory(topic=topic, author=birch.user, body="My reply awaiting review", status=Status.HELD)
    html(signed_in(maple), topic.url)  # keeps the shell
    assert stored_shell(board, topic.url) is not None
    for reader in (birch, moderator):
        client = signed_in(reader)
        page = html(client, topic.url)
        assert page == whole(client, topic.url)
    assert fills == ["forums/topic.html", "forums/topic.html"]
    # Birch sees her own held reply; Maple does not; the moderator gets the tools.
    assert "My reply awaiting review" in html(signed_in(birch), topic.url)
    assert "My reply awaiting review" not in html(signed_in(maple), topic.url)
    assert "Topic tools" in html(signed_in(moderator), topic.url)
    assert "Topic tools" not in html(signed_in(maple), topic.url)
    shell = stored_shell(board, topic.url)
    for personal in ("Maple", "Birch", "ModAlex", "Topic tools", "csrfmiddlewaretoken", held.body):
        assert personal not in shell


def test_a_moderators_render_keeps_no_tools_in_the_shell(shell_cache, board, moderator, member):
    topic = TopicFactory(board=board, title="Hair loss", posts=2)
    html(signed_in(moderator), topic.url)  # the moderator renders first
    shell = stored_shell(board, topic.url)
    assert shell is not None and "Topic tools" not in shell and "ModAlex" not in shell
    assert "Topic tools" not in html(signed_in(member), topic.url)


def test_flash_messages_are_the_readers_own(shell_cache, board, fills):
    maple, birch = MemberFactory(display_name="Maple"), MemberFactory(display_name="Birch")
    TopicFactory(board=board, posts=1)
    html(signed_in(maple), board.url)
    birch_client = signed_in(birch)
    response = birch_client.post(f"{board.url}watch/", {"watch": "1"})
    assert response.status_code == 302
    page = html(birch_client, board.url)
    assert fills and 'class="messages"' in page
    assert 'class="messages"' not in html(signed_in(maple), board.url)


def test_every_change_shows_at_once(shell_cache, board, member):
    topic = TopicFactory(board=board, title="Week one", posts=1)
    client = signed_in(member)
    html(client, board.url)
    html(client, topic.url)
    TopicFactory(board=board, title="Week two", posts=1)
    page = html(client, board.url)
    assert "Week two" in page and "2 topics" in page
    PostFactory(topic=topic, body="A new reply")
    posting.refresh_topic(topic)
    assert "A new reply" in html(client, topic.url)
    board.title = "Newly Diagnosed Together"
    board.save_revision().publish()
    assert "<h1>Newly Diagnosed Together</h1>" in html(client, board.url)


def test_a_held_topic_is_never_shared(shell_cache, board, member):
    topic = TopicFactory(board=board, title="Awaiting words", author=member.user, status=Status.HELD, posts=1)
    client = signed_in(member)
    page = html(client, topic.url)  # (and no marks left in it: `html` checks)
    assert "Awaiting words" in page and page == whole(client, topic.url)
    assert stored_shell(board, topic.url) is None
    assert signed_in(MemberFactory()).get(topic.url).status_code == 404


def test_off_without_whole_pages_and_for_other_methods(shell_cache, board, member, fills):
    TopicFactory(board=board, posts=1)
    client = signed_in(member)
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        html(client, board.url)
        html(client, board.url)
        assert stored_shell(board, board.url) is None
    html(client, f"{board.url}?page=1&x=2")  # a query string the page cache does not share
    assert stored_shell(board, board.url) is None and fills == []


def test_the_signed_in_query_budget_holds_from_the_shell(
    shell_cache, board, member, django_assert_max_num_queries
):
    topic = TopicFactory(board=board, posts=1)
    client = signed_in(member)
    for url in (board.url, topic.url):
        html(client, url)
    for _ in range(30):
        TopicFactory(board=board, posts=2)
    PostFactory.create_batch(25, topic=topic)
    posting.refresh_topic(topic)
    for url in (board.url, f"{board.url}?page=2", topic.url, f"{topic.url}?page=2"):
        html(client, url)  # keeps the shell of this page
        with django_assert_max_num_queries(8):
            html(client, url)


def test_a_shell_with_a_token_or_a_nonce_outside_the_parts_is_refused():
    request = RequestFactory().get("/")
    capture = shells.Capture()
    part = capture.mark("part.html", '<input name="csrfmiddlewaretoken" value="x">')
    assert capture.take(request, "page.html", f"<p>a</p>{part}<p>b</p>") == (
        '<p>a</p><input name="csrfmiddlewaretoken" value="x"><p>b</p>'
    )
    assert capture.shell == ("page.html", ("<p>a</p>", "<p>b</p>"), ("part.html",))
    capture = shells.Capture()
    capture.take(request, "page.html", '<form><input name="csrfmiddlewaretoken" value="x"></form>')
    assert capture.shell is None
    request._csp_nonce = "n0nce"
    capture = shells.Capture()
    part = capture.mark("part.html", "n0nce")
    capture.take(request, "page.html", f"<script nonce='n0nce'></script>{part}")
    assert capture.shell is None
    capture = shells.Capture()
    capture.mark("part.html", "lost")
    capture.take(request, "page.html", "<p>a part's marks did not reach the page</p>")
    assert capture.shell is None


def test_a_slow_mode_ending_during_the_render_still_bounds_the_shell(board):
    started = timezone.now() - dt.timedelta(seconds=10)
    SlowMode.objects.create(board=board, minutes=5, ends_at=started + dt.timedelta(seconds=4))
    request = RequestFactory().get(board.url)
    anon_pages.time_limit(request, board, None, started)  # the mode has ended since the render began
    assert pagecache.lifetime(request) == pytest.approx(4)
