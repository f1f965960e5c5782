"""Editorial images: responsive <picture> renditions, alt text rules, lazy cards, an eager
LCP hero, and renditions that are made when an image is saved, never on a visit."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from wagtail.images.models import Image, Rendition
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Revision

from core.cache.images import pregenerate
from demo.factories import StandardPageFactory
from demo.factories.pages import ConditionArticlePageFactory, ConditionIndexPageFactory
from tests.utils import count_queries, soup


def make_image(title="Photo", size=(1800, 1000)):
    return Image.objects.create(title=title, file=get_test_image_file(size=size))


def test_hero_is_a_picture_with_avif_webp_and_jpeg_eager_and_high_priority(client, home):
    home.lead_image = make_image()
    home.lead_image_alt = "Volunteers at a walk"
    home.lead_image_credit = "Photo: Komen"
    home.save_revision().publish()
    html = soup(client.get("/"))
    picture = html.find("section", class_="hero").find("picture")
    types = [source["type"] for source in picture.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    for source in picture.find_all("source"):
        assert source["srcset"].count("w,") == 2  # three widths
    img = picture.find("img")
    assert img["alt"] == "Volunteers at a walk"
    assert img["width"] and img["height"]
    assert img["src"].endswith(".jpg")
    assert img["fetchpriority"] == "high"
    assert "loading" not in img.attrs
    assert html.find("figcaption").text == "Photo: Komen"


def test_decorative_hero_has_empty_alt_whatever_was_typed(client, home):
    home.lead_image = make_image()
    home.lead_image_alt = "Leftover text"
    home.lead_image_decorative = True
    home.save_revision().publish()
    img = soup(client.get("/")).find("section", class_="hero").find("img")
    assert img["alt"] == ""


def test_hero_image_needs_alt_text_unless_decorative(home):
    home.lead_image = make_image()
    home.lead_image_alt = "  "
    with pytest.raises(ValidationError) as error:
        home.full_clean()
    assert "lead_image_alt" in error.value.message_dict
    home.lead_image_decorative = True
    home.full_clean()
    home.lead_image_decorative = False
    home.lead_image_alt = "Volunteers at a walk"
    home.full_clean()


def test_featured_cards_show_lazy_decorative_images_in_constant_queries(
    client, home, django_assert_max_num_queries
):
    pages = [StandardPageFactory(parent=home, social_image=make_image(f"Card {n}")) for n in range(6)]

    def feature(n):
        home.featured = [
            ("featured_page", {"page": page, "heading": "", "summary": ""}) for page in pages[:n]
        ]
        home.save_revision().publish()

    feature(1)
    client.get("/")
    _, few = count_queries(client.get, "/")
    feature(6)
    client.get("/")
    with django_assert_max_num_queries(few):
        response = client.get("/")
    cards = soup(response).select("article.card")
    assert len(cards) == 6
    for card in cards:
        img = card.find("picture").find("img")
        assert img["alt"] == "" and img["loading"] == "lazy"
        assert img["width"] == "400" and img["height"] == "225"


def test_condition_index_cards_have_images_in_constant_queries(client, home, django_assert_max_num_queries):
    section = ConditionIndexPageFactory(parent=home)
    ConditionArticlePageFactory(parent=section, social_image=make_image("A0"))
    client.get(section.url)
    _, few = count_queries(client.get, section.url)
    for n in range(5):
        ConditionArticlePageFactory(parent=section, social_image=make_image(f"A{n + 1}"))
    client.get(section.url)
    with django_assert_max_num_queries(few):
        response = client.get(section.url)
    assert len(soup(response).select("article.card picture img[loading=lazy]")) == 6


def test_hero_migration_renames_the_image_fields_in_the_home_page_revisions(home):
    """Migration 0012 moved the hero's image to LeadImageMixin's fields; revisions saved
    before it (drafts, the history editors revert to) still name the old fields and must keep
    their hero image, alt text, decorative tick and credit."""
    migration = importlib.import_module("pages.migrations.0012_home_hero_image_uses_lead_image_mixin")
    image = make_image()
    revision = home.save_revision()
    content = {key: value for key, value in revision.content.items() if not key.startswith("lead_image")}
    revision.content = {
        **content,
        "hero_image": image.pk,
        "hero_image_alt": "Volunteers at a walk",
        "hero_image_decorative": False,
        "hero_image_credit": "Photo: Komen",
    }
    revision.save()

    migration.forwards(django_apps, None)

    old = Revision.objects.get(pk=revision.pk).as_object()
    assert (old.lead_image, old.lead_image_alt, old.lead_image_credit) == (
        image,
        "Volunteers at a walk",
        "Photo: Komen",
    )
    assert not any(key.startswith("hero_image") for key in Revision.objects.get(pk=revision.pk).content)


def test_pages_never_make_renditions_that_were_not_pregenerated(client, home):
    """Every filter spec the templates use is in IMAGE_RENDITION_SPECS: once an image's
    renditions are made (on save, komensite/cache/images.py), views only read them."""
    image = make_image()
    home.lead_image = image
    home.lead_image_decorative = True
    page = StandardPageFactory(parent=home, social_image=image)
    section = ConditionIndexPageFactory(parent=home, social_image=image)
    ConditionArticlePageFactory(parent=section, social_image=image)
    home.featured = [("featured_page", {"page": page, "heading": "", "summary": ""})]
    home.save_revision().publish()
    pregenerate(image)
    before = set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    for url in ("/", page.url, section.url):
        assert client.get(url).status_code == 200
    after = set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert after == before, f"made on a visit: {after - before}"


def test_article_lead_image_is_optional_eager_and_needs_alt_unless_decorative(client, home):
    section = ConditionIndexPageFactory(parent=home)
    article = ConditionArticlePageFactory(parent=section)
    assert soup(client.get(article.url)).find("figure", class_="lead-image") is None
    article.lead_image = make_image()
    article.lead_image_alt = ""
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "lead_image_alt" in error.value.message_dict
    article.lead_image_alt = "A nurse talking with a patient"
    article.lead_image_credit = "Photo: Komen"
    article.full_clean()
    article.save_revision().publish()
    figure = soup(client.get(article.url)).find("figure", class_="lead-image")
    img = figure.find("picture").find("img")
    assert img["alt"] == "A nurse talking with a patient"
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs
    assert img["width"] == "672" and img["height"] == "378"
    assert figure.find("figcaption").text == "Photo: Komen"
    image = article.lead_image
    pregenerate(image)
    before = Rendition.objects.filter(image=image).count()
    client.get(article.url)
    assert Rendition.objects.filter(image=image).count() == before
