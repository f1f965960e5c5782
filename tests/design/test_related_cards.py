"""Related cards (issue 19): a perspective shows three related perspectives as cards (shared
topics first, then the latest; never itself; live, public, same language) with their image,
title, date and the "current as of" notice; an article's related articles are cards with
images too. Both in a constant number of queries."""

import datetime

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, PageViewRestriction

from demo.factories.pages import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
)
from pages.models import PerspectivePage, SiteSettings
from tests.utils import count_queries, soup

pytestmark = pytest.mark.django_db


def make_image(title):
    return Image.objects.create(title=title, file=get_test_image_file(size=(1600, 900)))


def related_cards(client, page):
    return soup(client.get(page.url)).select("aside.related .card")


def card_titles(client, page):
    return [card.select_one(".card__title a").text for card in related_cards(client, page)]


def perspective(index, title, day, topics=(), **kwargs):
    page = PerspectivePageFactory(
        parent=index, title=title, posting_date=datetime.date(2025, 1, day), **kwargs
    )
    if topics:
        page.topics.set(topics)
        page.save_revision().publish()
    return page


@pytest.fixture
def index(home):
    return PerspectiveIndexPageFactory(parent=home)


def test_shared_topics_first_then_the_latest_never_itself(client, index):
    screening, treatment, research = HealthTopicFactory(), HealthTopicFactory(), HealthTopicFactory()
    page = perspective(index, "This one", 20, [screening, treatment])
    perspective(index, "Shares both", 1, [screening, treatment])
    perspective(index, "Shares one", 2, [research, treatment])
    perspective(index, "Latest, no shared topic", 19, [research])
    perspective(index, "Older, no shared topic", 3)
    assert card_titles(client, page) == ["Shares both", "Shares one", "Latest, no shared topic"]

    lonely = perspective(index, "No topics at all", 4)
    assert card_titles(client, lonely) == ["This one", "Latest, no shared topic", "Older, no shared topic"]


def test_only_live_public_perspectives_in_the_pages_language(client, index, home):
    topic = HealthTopicFactory()
    page = perspective(index, "This one", 20, [topic])
    perspective(index, "Draft", 19, [topic]).unpublish()
    private = perspective(index, "Members only", 18, [topic])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = perspective(index, "Public", 1, [topic])
    spanish = Locale.objects.get(language_code="es")
    home_es = home.copy_for_translation(spanish)
    home_es.save_revision().publish()
    index_es = index.copy_for_translation(spanish)
    index_es.save_revision().publish()
    translations = {}
    for english, title in ((page, "Esta"), (public, "Pública")):
        copy = english.copy_for_translation(spanish)
        copy.title = title
        copy.save_revision().publish()
        translations[title] = PerspectivePage.objects.get(pk=copy.pk)
    assert card_titles(client, page) == ["Public"]
    assert card_titles(client, translations["Esta"]) == ["Pública"]


def test_cards_have_image_title_date_and_the_current_as_of_notice(client, index, site):
    SiteSettings.for_site(site)  # the disclaimer's default text
    disclaimer = SiteSettings.for_site(site).perspective_disclaimer
    page = perspective(index, "This one", 20)
    other = perspective(index, "With image", 5, lead_image=make_image("lead"), lead_image_decorative=True)
    perspective(index, "Without image", 4)
    cards = related_cards(client, page)
    assert len(cards) == 2
    first = cards[0]
    link = first.select_one(".card__title a")
    assert link.text == "With image" and link["href"] == other.url
    img = first.select_one("picture img")
    assert img["src"] == other.lead_image.get_rendition("format-jpeg|fill-400x225").url
    assert (img["width"], img["height"]) == ("400", "225")
    assert img["loading"] == "lazy" and img["alt"] == ""
    assert {source["type"] for source in first.select("picture source")} == {"image/avif", "image/webp"}
    notice = first.select_one(".perspective-notice")
    assert notice.time["datetime"] == "2025-01-05"
    assert disclaimer and disclaimer in notice.text
    assert cards[1].select_one("picture") is None


def test_related_perspectives_in_constant_queries(client, index, django_assert_max_num_queries):
    topic = HealthTopicFactory()
    page = perspective(index, "This one", 20, [topic])
    perspective(index, "P0", 1, [topic], lead_image=make_image("P0"), lead_image_decorative=True)
    client.get(page.url)
    _, few = count_queries(client.get, page.url)
    for n in range(8):
        perspective(index, f"More {n}", n + 2, [topic] if n % 2 else [], social_image=make_image(f"S{n}"))
    client.get(page.url)
    with django_assert_max_num_queries(few):
        cards = related_cards(client, page)
    assert len(cards) == 3
    assert len([card for card in cards if card.select_one("picture img")]) == 3


def test_related_articles_are_cards_with_images_in_constant_queries(
    client, home, django_assert_max_num_queries
):
    topic = HealthTopicFactory()
    section = ConditionIndexPageFactory(parent=home)

    def article(title, **kwargs):
        page = ConditionArticlePageFactory(parent=section, title=title, **kwargs)
        page.topics.set([topic])
        page.save_revision().publish()
        return page

    page = article("This one")
    other = article("A with image", lead_image=make_image("A"), lead_image_decorative=True)
    client.get(page.url)
    _, few = count_queries(client.get, page.url)
    article("B with social image", social_image=make_image("B"))
    article("C without image")
    client.get(page.url)
    with django_assert_max_num_queries(few):
        cards = related_cards(client, page)
    assert [card.select_one(".card__title a").text for card in cards] == [
        "A with image",
        "B with social image",
        "C without image",
    ]
    img = cards[0].select_one("picture img")
    assert img["src"] == other.lead_image.get_rendition("format-jpeg|fill-400x225").url
    assert img["loading"] == "lazy" and (img["width"], img["height"]) == ("400", "225")
    assert cards[1].select_one("picture img") is not None
    assert cards[2].select_one("picture") is None
