"""Perspective cards show the perspective's lead image when it has one (issue 19): on the
home page's featured cards and in the perspectives listing, in constant queries."""

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from demo.factories.pages import PerspectiveIndexPageFactory, PerspectivePageFactory
from tests.utils import count_queries, soup

pytestmark = pytest.mark.django_db


def make_image(title):
    return Image.objects.create(title=title, file=get_test_image_file(size=(1600, 900)))


def test_featured_perspective_card_shows_its_lead_image_rather_than_its_social_image(client, home):
    index = PerspectiveIndexPageFactory(parent=home)
    perspective = PerspectivePageFactory(
        parent=index,
        lead_image=make_image("lead"),
        lead_image_decorative=True,
        social_image=make_image("social"),
    )
    home.featured = [("featured_page", {"page": perspective, "heading": "", "summary": ""})]
    home.save_revision().publish()
    img = soup(client.get("/")).select_one("article.card picture img")
    assert img["src"] == perspective.lead_image.get_rendition("format-jpeg|fill-400x225").url
    assert img["alt"] == "" and img["loading"] == "lazy"


def test_perspective_listing_shows_lead_images_in_constant_queries(
    client, home, django_assert_max_num_queries
):
    index = PerspectiveIndexPageFactory(parent=home)
    PerspectivePageFactory(parent=index, lead_image=make_image("P0"), lead_image_decorative=True)
    client.get(index.url)
    _, few = count_queries(client.get, index.url)
    for n in range(5):
        PerspectivePageFactory(parent=index, lead_image=make_image(f"P{n + 1}"), lead_image_decorative=True)
    PerspectivePageFactory(parent=index, social_image=make_image("S"))  # no lead image: its social image
    PerspectivePageFactory(parent=index)  # no image at all
    client.get(index.url)
    with django_assert_max_num_queries(few):
        html = soup(client.get(index.url))
    items = html.select(".perspective-list > li")
    assert len(items) == 8
    imgs = html.select(".perspective-list picture img")
    assert len(imgs) == 7
    for img in imgs:
        assert img["alt"] == "" and img["loading"] == "lazy"
        assert (img["width"], img["height"]) == ("400", "225")
