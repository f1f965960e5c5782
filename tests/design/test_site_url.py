"""The Wagtail Site follows the environment: nothing says `localhost` when the server is elsewhere."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from wagtail.models import Site

from forums.models import TopicWatch
from pages.management.commands.sync_site import parse_site_url
from tests.factories import StandardPageFactory
from tests.factories.forums import BoardPageFactory, ForumIndexPageFactory, MemberFactory, TopicFactory
from tests.factories.pages import PerspectiveIndexPageFactory, PerspectivePageFactory

ELSEWHERE = "http://komen.test:8123"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.komen.org", ("www.komen.org", 443)),
        ("https://www.komen.org/", ("www.komen.org", 443)),
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("http://komen.test", ("komen.test", 80)),
    ],
)
def test_parse_site_url(url, expected):
    assert parse_site_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "ftp://komen.org",
        "komen.org",
        "https://komen.org:8443",
        "http://komen.org/path",
        "http://:80",
        "http://x:99999",
    ],
)
def test_parse_site_url_refuses_what_a_wagtail_site_cannot_hold(url):
    with pytest.raises(CommandError):
        parse_site_url(url)


def test_sync_site_reads_the_setting_and_is_a_no_op_without_it(site, settings):
    settings.SITE_URL = ""
    call_command("sync_site", stdout=StringIO())
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("localhost", 80)
    settings.SITE_URL = "https://www.komen.org"
    call_command("sync_site", stdout=StringIO())
    site.refresh_from_db()
    assert site.root_url == "https://www.komen.org"


def test_nothing_names_localhost_when_the_server_is_elsewhere(site, client):
    assert site.hostname == "localhost"  # as the demo and Wagtail's first migration leave it
    call_command("sync_site", url=ELSEWHERE, stdout=StringIO())
    assert Site.objects.get(is_default_site=True).root_url == ELSEWHERE

    page = StandardPageFactory(parent=site.root_page, title="About us")
    perspectives = PerspectiveIndexPageFactory(parent=site.root_page)
    PerspectivePageFactory(parent=perspectives, title="A view")

    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert html.find("link", rel="canonical")["href"] == f"{ELSEWHERE}/about-us/"
    assert html.find("meta", property="og:url")["content"] == f"{ELSEWHERE}/about-us/"

    sitemap = client.get("/sitemap.xml").content.decode()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(loc.startswith(ELSEWHERE + "/") for loc in locs)

    feed = client.get(perspectives.url + "feed/").content.decode()
    links = re.findall(r"<link>([^<]+)</link>", feed)
    assert links and all(link.startswith(ELSEWHERE + "/") for link in links)

    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {ELSEWHERE}/sitemap.xml" in robots

    for body in (html.decode(), sitemap, feed, robots):
        assert "localhost" not in body

    # Email links (notifications with their unsubscribe link).
    board = BoardPageFactory(parent=ForumIndexPageFactory(parent=site.root_page), title="Newly Diagnosed")
    author, watcher = MemberFactory(display_name="Maple"), MemberFactory(display_name="River")
    topic = TopicFactory(board=board, author=watcher.user, title="Scan day")
    TopicWatch.objects.create(user=watcher.user, topic=topic)
    mail.outbox.clear()
    member_client = Client()
    member_client.force_login(author.user)
    member_client.post(topic.url + "reply/", {"message": "Thinking of you"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    urls = re.findall(r"https?://[^\s>]+", message.body + message.extra_headers["List-Unsubscribe"])
    assert urls and all(url.startswith(ELSEWHERE + "/") for url in urls)
    assert "localhost" not in message.body
