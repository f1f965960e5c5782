"""Every place a perspective appears carries its posting date and the disclaimer."""

import datetime
import json

import defusedxml.ElementTree as ET
import pytest

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    TopicIndexPageFactory,
)
from pages.models import SiteSettings
from tests.utils import soup

DISCLAIMER = "only current as of its posting date"
POSTED = "Posted March 2019."


@pytest.fixture
def perspective(home):
    index = PerspectiveIndexPageFactory(parent=home)
    page = PerspectivePageFactory(
        parent=index, title="Zebra view", summary="Zebra summary", posting_date=datetime.date(2019, 3, 12)
    )
    page.topics.set([HealthTopicFactory(name="Support", slug="support")])
    page.save_revision().publish()
    return page


def listings(home, perspective):
    """Every public listing that can show a perspective, by name."""
    home.featured = [("featured_page", {"page": perspective, "heading": "", "summary": ""})]
    home.save_revision().publish()
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home),
        body=[("perspective_teaser", {"perspective": perspective, "text": "Read our perspective"})],
    )
    TopicIndexPageFactory(parent=home)
    index_url = perspective.get_parent().url
    return {
        "home page cards": "/",
        "site search results": "/search/?q=Zebra",
        "perspective index": index_url,
        "year archive": f"{index_url}2019/",
        "topic filter": f"{index_url}?topic=support",
        "topic page": "/topics/support/",
        "teaser in an article": article.url,
    }


def test_every_listing_shows_the_date_and_disclaimer_next_to_the_perspective(client, home, perspective):
    for name, url in listings(home, perspective).items():
        html = soup(client.get(url))
        link = html.find("a", href=perspective.url)
        assert link is not None, f"{name}: the perspective is not listed"
        item = link.find_parent(["li", "article", "aside"])
        notice = item.find(class_="perspective-notice")
        assert notice is not None, f"{name}: no dated notice next to the perspective"
        text = " ".join(notice.get_text().split())
        assert POSTED in text and DISCLAIMER in text, name
        assert notice.find("time")["datetime"] == "2019-03-12", name


def test_feed_items_each_carry_the_date_and_disclaimer(client, perspective):
    root = ET.fromstring(client.get(f"{perspective.get_parent().url}feed/").content)
    [item] = root.findall("channel/item")
    description = item.find("description").text
    assert "Zebra summary" in description and POSTED in description and DISCLAIMER in description


def test_json_ld_and_social_description_carry_the_date_and_disclaimer(client, perspective):
    html = soup(client.get(perspective.url))
    data = json.loads(html.find("script", type="application/ld+json").string)
    og = html.find("meta", property="og:description")["content"]
    for text in (data["description"], og):
        assert text.startswith("Zebra summary") and POSTED in text and DISCLAIMER in text


def test_the_notice_follows_the_site_setting(client, home, perspective, site):
    settings = SiteSettings.for_site(site)
    settings.perspective_disclaimer = "Check the date <b>first</b>."
    settings.save()
    html = client.get(perspective.get_parent().url).content.decode()
    assert "Check the date &lt;b&gt;first&lt;/b&gt;." in html and "<b>first</b>" not in html
    feed = client.get(f"{perspective.get_parent().url}feed/").content.decode()
    assert "Check the date" in feed
