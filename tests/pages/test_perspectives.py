import datetime

import defusedxml.ElementTree as ET
import pytest
from django.utils import timezone
from wagtail.models import Site

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    TopicIndexPageFactory,
)
from pages.models import PerspectivePage, SiteSettings
from tests.utils import count_queries, soup

DISCLAIMER = "only current as of its posting date"


@pytest.fixture
def index(home):
    return PerspectiveIndexPageFactory(parent=home)


def test_posting_date_shown_as_month_year_with_disclaimer(client, index):
    page = PerspectivePageFactory(parent=index, posting_date=datetime.date(2016, 11, 15))
    html = soup(client.get(page.url))
    assert "November 2016" in html.find("p", class_="byline").text
    assert DISCLAIMER in html.find("p", class_="disclaimer").text
    assert html.find("time")["datetime"] == "2016-11-15"


def test_posting_date_defaults_to_first_publication(index):
    page = PerspectivePage(title="New view", author="Komen", summary="s", body=[("paragraph", "<p>x</p>")])
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.posting_date == timezone.localdate(page.first_published_at)


def test_disclaimer_text_comes_from_the_setting(client, site, index):
    settings = SiteSettings.for_site(site)
    settings.perspective_disclaimer = "Edited disclaimer text."
    settings.save()
    page = PerspectivePageFactory(parent=index)
    assert "Edited disclaimer text." in client.get(page.url).content.decode()


def test_age_notice_for_old_perspectives_only(client, site, index):
    today = timezone.localdate()
    old = PerspectivePageFactory(parent=index, posting_date=today.replace(year=today.year - 9))
    new = PerspectivePageFactory(parent=index, posting_date=today - datetime.timedelta(days=30))
    assert "posted 9 years ago" in client.get(old.url).content.decode()
    assert "years ago" not in client.get(new.url).content.decode()
    settings = SiteSettings.for_site(site)
    settings.perspective_age_notice_years = 0
    settings.save()
    assert "years ago" not in client.get(old.url).content.decode()


def test_disclaimer_next_to_every_teaser_and_listing(client, home, index):
    perspective = PerspectivePageFactory(
        parent=index, title="Living with MBC", posting_date=datetime.date(2016, 11, 1)
    )
    topic = HealthTopicFactory(slug="support")
    perspective.topics.set([topic])
    perspective.save_revision().publish()
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home),
        body=[("perspective_teaser", {"perspective": perspective, "text": "Read our perspective"})],
    )
    teaser = soup(client.get(article.url)).find("aside", class_="perspective-teaser")
    assert "Read our perspective Posted November 2016" in teaser.get_text(" ", strip=True)
    assert DISCLAIMER in teaser.text
    assert DISCLAIMER in client.get(index.url).content.decode()
    TopicIndexPageFactory(parent=home)
    assert DISCLAIMER in client.get("/topics/support/").content.decode()


def test_teaser_hides_unpublished_perspective(client, home, index):
    perspective = PerspectivePageFactory(parent=index)
    article = ConditionArticlePageFactory(
        parent=ConditionIndexPageFactory(parent=home),
        body=[("perspective_teaser", {"perspective": perspective, "text": ""})],
    )
    perspective.unpublish()
    assert soup(client.get(article.url)).find("aside", class_="perspective-teaser") is None


def test_index_newest_first_with_pagination_and_bad_pages(client, index):
    for year in range(2005, 2027):
        PerspectivePageFactory(parent=index, title=f"View {year}", posting_date=datetime.date(year, 6, 1))
    first = soup(client.get(index.url))
    titles = [h.text for h in first.select(".perspective-list h2")]
    assert titles[0] == "View 2026" and len(titles) == 10
    for bad in ["abc", "0", "-3", "99999", "1e3"]:
        assert client.get(index.url, {"page": bad}).status_code == 200
    last = soup(client.get(index.url, {"page": "3"}))
    assert [h.text for h in last.select(".perspective-list h2")] == ["View 2006", "View 2005"]


def test_year_archive_and_topic_filter(client, index):
    topic = HealthTopicFactory(name="Research", slug="research")
    a = PerspectivePageFactory(parent=index, title="In 2016", posting_date=datetime.date(2016, 11, 1))
    PerspectivePageFactory(parent=index, title="In 2019", posting_date=datetime.date(2019, 1, 1))
    a.topics.set([topic])
    a.save_revision().publish()
    year = soup(client.get(f"{index.url}2016/"))
    assert [h.text for h in year.select(".perspective-list h2")] == ["In 2016"]
    assert client.get(f"{index.url}1990/").status_code == 404
    assert client.get(f"{index.url}20x6/").status_code == 404
    filtered = soup(client.get(index.url, {"topic": "research"}))
    assert [h.text for h in filtered.select(".perspective-list h2")] == ["In 2016"]
    assert client.get(index.url, {"topic": "<script>"}).status_code == 404
    assert client.get(index.url, {"topic": "x" * 5000}).status_code == 404


def test_feed_is_valid_rss_with_posting_dates(client, index):
    PerspectivePageFactory(parent=index, title="Old view & more", posting_date=datetime.date(2016, 11, 15))
    PerspectivePageFactory(parent=index, title="New view", posting_date=datetime.date(2024, 2, 1))
    response = client.get(f"{index.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    items = root.findall("channel/item")
    assert [i.find("title").text for i in items] == ["New view", "Old view & more"]
    assert items[1].find("pubDate").text.startswith("Tue, 15 Nov 2016")
    # Absolute on the Wagtail Site's address (SITE_URL / sync_site), not the request's Host.
    root_url = Site.objects.get(is_default_site=True).root_url
    assert all(i.find("link").text.startswith(root_url + "/") for i in items)
    assert "only current as of its posting date" in root.find("channel/description").text


def test_json_ld_blog_posting(client, index):
    import json

    page = PerspectivePageFactory(parent=index, posting_date=datetime.date(2016, 11, 15))
    data = json.loads(soup(client.get(page.url)).find("script", type="application/ld+json").string)
    assert data["@type"] == "BlogPosting" and data["datePublished"] == "2016-11-15"


def test_index_query_count_constant_with_200_perspectives(client, index, django_assert_max_num_queries):
    topic = HealthTopicFactory()
    for n in range(5):
        PerspectivePageFactory(parent=index, posting_date=datetime.date(2010 + n, 1, 1)).topics.set([topic])
    client.get(index.url)
    _, few = count_queries(client.get, index.url)
    for n in range(195):
        PerspectivePageFactory(parent=index, posting_date=datetime.date(2000 + n % 26, 1 + n % 12, 1))
    with django_assert_max_num_queries(few):
        response = client.get(index.url)
    assert response.status_code == 200
    assert len(soup(response).select(".perspective-list h2")) == 10
