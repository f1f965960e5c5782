"""The boards' crisis notice in Spanish (issue 20): the Spanish board, topic and board index
pages show `crisis_notice_es`, or the standard Spanish notice when it is empty; English pages
show the English notice; saving the setting purges its cached copy at once."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from wagtail.models import Site

from demo.factories.forums import BoardPageFactory, TopicFactory
from forums.models import ForumSettings
from resources.models import HelplineSettings
from tests.utils import translate_page

STANDARD_ES = (
    "Si está en crisis o piensa en hacerse daño, llame o envíe un mensaje de texto al 988 (Línea de "
    "Prevención del Suicidio y Crisis) o llame al 911 ahora. Nuestros moderadores son voluntarios y no "
    "vigilan los foros a toda hora."
)


def notice(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    aside = BeautifulSoup(response.content, "html.parser").find("aside", class_="board-support")
    return aside.find("p", class_="crisis-notice").get_text(), aside


@pytest.fixture
def spanish_boards(home, forum):
    translate_page(home, "Inicio")
    forum_es = translate_page(forum, "Foros de conversación", slug="foros")
    board_es = BoardPageFactory(parent=forum_es, title="En español", slug="en-espanol")
    return forum_es, board_es, TopicFactory(board=board_es, title="Hola")


def test_spanish_board_pages_show_the_standard_spanish_notice(client, board, spanish_boards):
    for page in spanish_boards:
        text, aside = notice(client, page.url)
        assert text == STANDARD_ES, page.url
        assert aside.find("p", class_="crisis-notice").get("lang") is None
    assert notice(client, board.url)[0] == ForumSettings().crisis_notice


def test_a_changed_english_notice_is_shown_in_english_until_translated(client, board, spanish_boards, site):
    """The standard Spanish text translates the standard English one: once editors change the
    English notice (a new number, other hours), the old translation would contradict it, so
    Spanish pages show the English notice, marked lang="en", until the Spanish one is written."""
    config = ForumSettings.for_site(site)
    config.crisis_notice = "In crisis? Call 988 right now."  # changed in English only
    config.save()
    for page in spanish_boards:
        text, aside = notice(client, page.url)
        assert text == "In crisis? Call 988 right now.", page.url
        assert aside.find("p", class_="crisis-notice")["lang"] == "en"
    assert notice(client, board.url)[0] == "In crisis? Call 988 right now."


def test_spanish_board_pages_show_the_editors_spanish_notice(client, board, spanish_boards, site):
    config = ForumSettings.for_site(site)
    config.crisis_notice_es = "¿Está en crisis? Llame o envíe un mensaje de texto al 988 ahora."
    config.save()
    helpline = HelplineSettings.for_site(site)
    helpline.note, helpline.note_es = "Free support.", "Apoyo gratuito."
    helpline.save()
    forum_es, board_es, topic_es = spanish_boards
    for url in (forum_es.url, board_es.url, topic_es.url, board_es.url + "search/"):
        text, aside = notice(client, url)
        assert text == "¿Está en crisis? Llame o envíe un mensaje de texto al 988 ahora.", url
        assert "Apoyo gratuito." in aside.get_text() and "Free support." not in aside.get_text()
    text, aside = notice(client, board.url)
    assert text == ForumSettings().crisis_notice and "Free support." in aside.get_text()


def test_the_accessor_follows_the_active_language():
    config = ForumSettings(crisis_notice=ForumSettings().crisis_notice, crisis_notice_es="")
    with translation.override("es"):
        assert config.crisis_notice_text == STANDARD_ES
        assert config.crisis_notice_fallback_language == ""
        config.crisis_notice = "English notice."
        assert config.crisis_notice_text == "English notice."
        assert config.crisis_notice_fallback_language == "en"
        config.crisis_notice_es = "Aviso en español."
        assert config.crisis_notice_text == "Aviso en español."
        assert config.crisis_notice_fallback_language == ""
    with translation.override("en"):
        assert config.crisis_notice_text == "English notice."
        assert config.crisis_notice_fallback_language == ""


def test_saving_the_spanish_notice_purges_the_cached_setting(
    client, spanish_boards, shared_cache, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    board_es = spanish_boards[1]
    assert notice(client, board_es.url)[0] == STANDARD_ES  # the setting is cached now
    with django_capture_on_commit_callbacks(execute=True):
        config = ForumSettings.for_site(site)
        config.crisis_notice_es = "Llame al 988."
        config.save()
    assert notice(client, board_es.url)[0] == "Llame al 988."
