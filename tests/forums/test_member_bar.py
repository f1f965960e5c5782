"""The member bar (forums.templatetags.member_tags.member_bar): rendered from plain values and,
for a signed-in reader, kept in the process under a hash of them, with the local tier on as in
production. A new name, a new unread count or another language shows at once; members never see
each other's bar; anyone else gets the sign-in links back to the page they are on."""

from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import translation

from demo.factories.forums import TopicFactory
from forums.member_models import NotificationKind
from forums.notifications_center import notify

from .conftest import signed_in


def bar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".member-bar")


def test_each_member_gets_their_own_bar_and_changes_show_at_once(copies_on, board, member, other_member):
    topic = TopicFactory(board=board)
    mine, theirs = signed_in(member), signed_in(other_member)
    first = bar(mine, topic.url)
    assert member.display_name in first.text and first.select_one(".badge") is None
    assert any(key.startswith("forums:member-bar:") for key in copies_on)
    assert member.display_name in bar(mine, board.url).text  # the board page's bar: the same entry
    other = bar(theirs, topic.url)
    assert other_member.display_name in other.text and member.display_name not in other.text

    notify(member.user, NotificationKind.REPLY, "A reply")
    assert bar(mine, topic.url).select_one(".badge").text.split()[0] == "1"
    member.display_name = "Renamed <b>member</b>"
    member.save(update_fields=["display_name"])
    renamed = bar(mine, topic.url)
    assert "Renamed <b>member</b>" in renamed.text and renamed.select_one("b") is None  # escaped
    assert bar(theirs, topic.url).select_one(".badge") is None


def test_the_bar_follows_the_language(copies_on, member):
    client = signed_in(member)
    with translation.override("en"):
        english_url = reverse("forums:notifications")
    with translation.override("es"):
        spanish_url = reverse("forums:notifications")
    assert english_url != spanish_url
    english, spanish = bar(client, english_url), bar(client, spanish_url)
    assert "Sign out" in english.text and "Cerrar sesión" not in english.text
    assert "Cerrar sesión" in spanish.text and "Sign out" not in spanish.text
    assert bar(client, english_url).text == english.text


def test_anyone_else_is_sent_back_to_the_page_they_are_on(copies_on, board):
    topic = TopicFactory(board=board)
    link = bar(Client(), topic.url).select_one("a")
    assert link["href"].endswith("?next=" + topic.url)
    assert not any(key.startswith("forums:member-bar:") for key in copies_on)
