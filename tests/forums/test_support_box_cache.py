"""The boards' support box (crisis notice, helpline, guidelines link) is the same for everyone
under the same settings, so signed-in board and topic pages take it from the shared cache
(issue 15, session 8): kept per forum-settings key, language and page-cache generation, and
a saved setting or helpline shows at once."""

from bs4 import BeautifulSoup

from core.cache import pagecache
from demo.factories.forums import BoardPageFactory, TopicFactory
from forums.models import ForumSettings
from resources.models import HelplineSettings
from tests.utils import translate_page

HELPLINE_TEMPLATE = "includes/helpline_details.html"


def support_box(response):
    assert response.status_code == 200
    aside = BeautifulSoup(response.content, "html.parser").find("aside", class_="board-support")
    return aside.get_text(" ", strip=True)


def rendered(response):
    return {template.name for template in response.templates}


def test_signed_in_pages_take_the_support_box_from_the_shared_cache(
    redis_cache, member_client, board, site, django_capture_on_commit_callbacks
):
    topic = TopicFactory(board=board)
    first = member_client.get(board.url)
    assert HELPLINE_TEMPLATE in rendered(first)
    for url in (board.url, topic.url):
        again = member_client.get(url)
        assert HELPLINE_TEMPLATE not in rendered(again), url
        assert support_box(again) == support_box(first)

    config = ForumSettings.for_site(site)
    config.crisis_notice = "In crisis? Call 988 right now."
    with django_capture_on_commit_callbacks(execute=True):
        config.save()
    assert "In crisis? Call 988 right now." in support_box(member_client.get(board.url))

    helpline = HelplineSettings.for_site(site)
    helpline.display_number = "1-800-555-0199"
    with django_capture_on_commit_callbacks(execute=True):
        helpline.save()
    text = support_box(member_client.get(topic.url))
    assert "1-800-555-0199" in text and "In crisis? Call 988 right now." in text


def test_the_support_box_is_kept_per_language(redis_cache, member_client, board, forum, home):
    translate_page(home, "Inicio")
    forum_es = translate_page(forum, "Foros de conversación", slug="foros")
    board_es = BoardPageFactory(parent=forum_es, title="En español", slug="en-espanol")
    english = support_box(member_client.get(board.url))
    spanish = support_box(member_client.get(board_es.url))
    assert "Need to talk to someone now?" in english and "Si está en crisis" not in english
    assert "Si está en crisis" in spanish
    assert support_box(member_client.get(board.url)) == english
    assert support_box(member_client.get(board_es.url)) == spanish


def test_forum_settings_are_kept_per_process_for_the_local_window(
    redis_cache, site, django_capture_on_commit_callbacks, settings
):
    """ForumSettings is read on every board and topic page: each process keeps the copy it read
    for PAGE_CACHE_LOCAL_SECONDS, like the page cache's local tier. Another server's change
    reaches it when the window ends; a save in this process shows at once."""
    settings.PAGE_CACHE_LOCAL_SECONDS = 30
    pagecache.local.own_settings.clear()
    key = ForumSettings._own_key(site.pk)
    assert ForumSettings.for_site(site).crisis_notice != "Changed elsewhere"
    # Another server saves the setting and its next read stores the new row in Redis.
    elsewhere = ForumSettings.for_site(site)
    elsewhere.crisis_notice = "Changed elsewhere"
    redis_cache.set(key, elsewhere, 60)
    assert ForumSettings.for_site(site).crisis_notice != "Changed elsewhere"  # within the window
    instance, read_at = pagecache.local.own_settings[key]
    pagecache.local.own_settings[key] = (instance, read_at - 31)
    assert ForumSettings.for_site(site).crisis_notice == "Changed elsewhere"  # the window is over

    config = ForumSettings.for_site(site)
    config.crisis_notice = "Saved here"
    with django_capture_on_commit_callbacks(execute=True):
        config.save()
    assert ForumSettings.for_site(site).crisis_notice == "Saved here"
    # Each read hands out a copy: a request changing its own does not change the kept one.
    ForumSettings.for_site(site).crisis_notice = "Changed by one request"
    assert ForumSettings.for_site(site).crisis_notice == "Saved here"
    pagecache.local.own_settings.clear()


def test_forum_settings_go_to_redis_every_time_with_no_local_window(redis_cache, site, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 0
    pagecache.local.own_settings.clear()
    ForumSettings.for_site(site)
    changed = ForumSettings.for_site(site)
    changed.crisis_notice = "Changed elsewhere"
    redis_cache.set(ForumSettings._own_key(site.pk), changed, 60)
    assert ForumSettings.for_site(site).crisis_notice == "Changed elsewhere"
    assert not pagecache.local.own_settings
