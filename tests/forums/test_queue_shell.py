"""The moderation queue's page around its cards kept as a shell (core.cache.shells.render_kept),
with the real PostgreSQL and Redis `make test` starts: a queue page from the shell is the page
rendered whole; the shell holds no held post, report, message report, token or name of the
moderator who rendered it; a change to the queue shows at once; nothing is kept for another
query or when whole pages are off."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from core.cache import pagecache, shells
from demo.factories.forums import PostFactory, ReportFactory, TopicFactory
from forums import actions
from forums.models import CannedResponse

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
MARK = re.compile(r"<!--/?[0-9a-f]{32}:[0-9]+-->")
VARIANT = "moderation-queue"


@pytest.fixture
def shell_cache(redis_cache):
    with override_settings(PAGE_CACHE_WHOLE_PAGES=True):
        yield redis_cache


@pytest.fixture
def stored(monkeypatch):
    """Every shell `render_kept` kept, joined: [(key, text)]."""
    kept = []
    real = pagecache.store_value

    def keep(key, generation, value, seconds=None):
        if key.startswith(shells.KEY_PREFIX):
            kept.append((key, "".join(value[1])))
        return real(key, generation, value, seconds)

    monkeypatch.setattr(pagecache, "store_value", keep)
    return kept


def page(client, url="/moderation/"):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    text = response.content.decode()
    assert not MARK.search(text)
    return TOKEN.sub('name="csrfmiddlewaretoken" value="-"', text)


def whole(client, url="/moderation/"):
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        return page(client, url)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _queue(board):
    topic = TopicFactory(board=board, title="Radiation week")
    held = PostFactory(topic=topic, body="Held words <b>bold</b>", status="held")
    reported = PostFactory(topic=topic, body="Reported words")
    ReportFactory(post=reported, reason="crisis", details="Worried about them")
    return held, reported


def test_a_queue_page_from_the_shell_is_the_page_rendered_whole(shell_cache, board, moderator, fills, stored):
    _queue(board)
    client = signed_in(moderator.user)
    first = page(client)  # rendered whole, its shell kept
    assert fills == [] and len(stored) == 1
    second = page(client)
    assert fills == ["forums/moderation/queue.html"]
    assert second == first == whole(client)
    assert "Held words" in second and "Reported words" in second and "1 crisis report" in second


def test_the_shell_holds_nothing_of_the_queue_or_its_moderator(shell_cache, board, moderator, lead, stored):
    _queue(board)
    page(signed_in(moderator.user))
    page(signed_in(lead.user))
    assert len(stored) == 2  # a lead's page (every board, their links) is not a board moderator's
    for _key, text in stored:
        for private in ("Held words", "Reported words", "Worried about them", "csrfmiddlewaretoken"):
            assert private not in text
        for name in ("ModAlex", "LeadCasey"):
            assert name not in text
        assert "1 post awaiting review, 1 open report" in text  # the counts are the shell's, keyed


def test_every_change_to_the_queue_shows_at_once(shell_cache, board, moderator, fills):
    held, reported = _queue(board)
    client = signed_in(moderator.user)
    assert f'/moderation/posts/{held.pk}/"' in page(client)
    actions.approve(moderator.user, held, "")
    after = page(client)
    assert f'/moderation/posts/{held.pk}/"' not in after  # its card gone (its words stay as context)
    assert "0 posts awaiting review, 1 open report" in after
    assert after == whole(client)
    PostFactory(topic=held.topic, body="Newly held", status="held")
    again = page(client)
    assert "Newly held" in again and "1 post awaiting review" in again
    assert again == whole(client)


def test_a_flash_message_is_the_requests_own(shell_cache, board, lead, fills):
    _queue(board)
    client = signed_in(lead.user)
    page(client)  # the shell kept
    held = PostFactory(topic=TopicFactory(board=board), body="To approve", status="held")
    response = client.post(f"/moderation/posts/{held.pk}/approve/", {"reason": "", "next": "/moderation/"})
    assert response.status_code == 302
    shown = page(client)
    assert fills == ["forums/moderation/queue.html"]  # the same counts as before: the same shell
    assert "Post approved: it is now visible." in shown
    assert f'/moderation/posts/{held.pk}/"' not in shown
    assert "Post approved" not in page(client)  # shown once, never kept


def test_other_queries_previews_and_whole_pages_off_keep_nothing(shell_cache, board, moderator, stored):
    _queue(board)
    client = signed_in(moderator.user)
    assert "Held words" in page(client, "/moderation/?page=1&x=1")
    assert stored == []
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        page(client)
    assert stored == []
    page(client, "/moderation/?page=1")
    assert len(stored) == 1


def test_each_language_has_its_shell(shell_cache, board, moderator, stored):
    _queue(board)
    client = signed_in(moderator.user)
    english = page(client)
    spanish = page(client, "/es/moderation/")
    assert english != spanish and 'lang="es"' in spanish
    assert len({key for key, _ in stored}) == 2
    assert spanish == whole(client, "/es/moderation/")


def test_the_key_covers_the_page_and_the_counts():
    request = RequestFactory().get("/moderation/")
    request.user = AnonymousUser()
    with translation.override("en"):
        keys = {
            shells.kept_key(request, VARIANT, parts)
            for parts in (
                (True, 1, 0, 0, 1, 1, True),
                (False, 1, 0, 0, 1, 1, True),
                (True, 2, 0, 0, 1, 2, True),
                (True, 1, 1, 0, 1, 2, True),
                (True, 1, 1, 1, 1, 2, True),
                (True, 25, 0, 0, 2, 25, True),
                (True, 1, 0, 0, 1, 1, False),
            )
        }
    assert len(keys) == 7


def test_a_saved_response_edited_shows_in_the_bulk_form_at_once(shell_cache, board, moderator, fills):
    """The bulk form's saved responses are in the shell: its key holds them."""
    _queue(board)
    response = CannedResponse.objects.create(title="Spam wave", text="Removed as spam.")
    client = signed_in(moderator.user)
    assert "Spam wave" in page(client)
    response.title = "Advertising"
    response.save()
    edited = page(client)
    assert "Advertising" in edited and "Spam wave" not in edited
    assert edited == whole(client)
    response.delete()
    assert "Advertising" not in page(client)
