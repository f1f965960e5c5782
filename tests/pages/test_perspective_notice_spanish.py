"""The perspective disclaimer in Spanish (issue 20): Spanish posts, their teasers and listings,
feed and JSON-LD say it in Spanish; editors control the text per language."""

import datetime
import json

import pytest

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
)
from pages.models import SiteSettings
from tests.utils import soup, translate_page

SPANISH_DISCLAIMER = (
    "Tenga en cuenta que la información de una Perspectiva de Komen solo está actualizada a la fecha de su "
    "publicación. Parte de la información puede estar desactualizada."
)
ENGLISH_DISCLAIMER = "only current as of its posting date"


@pytest.fixture
def perspectives(home):
    translate_page(home, "Inicio")
    index = PerspectiveIndexPageFactory(parent=home)
    english = PerspectivePageFactory(
        parent=index, title="Zebra view", summary="Zebra summary", posting_date=datetime.date(2019, 3, 12)
    )
    index_es = translate_page(index, "Perspectivas de Komen", slug="perspectivas")
    spanish = translate_page(english, "Opinión cebra", summary="Resumen cebra", slug="opinion-cebra")
    return english, spanish, index_es


def notice_text(html):
    return " ".join(html.find(class_="perspective-notice").get_text().split())


def test_spanish_post_and_listing_say_it_in_spanish(client, perspectives):
    english, spanish, index_es = perspectives
    post = soup(client.get(spanish.url))
    assert post.find(class_="eyebrow").text == "Perspectivas de Komen"
    assert SPANISH_DISCLAIMER in post.find("p", class_="disclaimer").text
    assert "Publicado en marzo de 2019" in " ".join(post.find(class_="byline").get_text().split())

    listing = soup(client.get(index_es.url))
    text = notice_text(listing)
    assert text == f"Publicado en marzo de 2019. {SPANISH_DISCLAIMER}"
    assert listing.find(class_="perspective-notice").find("time")["datetime"] == "2019-03-12"

    english_post = soup(client.get(english.url))
    assert ENGLISH_DISCLAIMER in english_post.find("p", class_="disclaimer").text
    assert "Posted March 2019" in notice_text(soup(client.get(english.get_parent().url)))


def test_teaser_in_a_spanish_article_carries_the_spanish_notice(client, home, perspectives):
    english, spanish, _ = perspectives
    section = ConditionIndexPageFactory(parent=home)
    article = ConditionArticlePageFactory(
        parent=section, body=[("perspective_teaser", {"perspective": english, "text": ""})]
    )
    translate_page(section, "Sección")
    article_es = translate_page(
        article, "Artículo", body=[("perspective_teaser", {"perspective": spanish, "text": ""})]
    )
    teaser = soup(client.get(article_es.url)).find("aside", class_="perspective-teaser")
    assert teaser["aria-label"] == "Perspectivas de Komen"
    assert teaser.find("a")["href"] == spanish.url and teaser.find("a").text == "Opinión cebra"
    assert "Publicado en marzo de 2019" in notice_text(teaser)
    assert SPANISH_DISCLAIMER in notice_text(teaser)

    english_teaser = soup(client.get(article.url)).find("aside", class_="perspective-teaser")
    assert english_teaser.find("a")["href"] == english.url
    assert ENGLISH_DISCLAIMER in notice_text(english_teaser)


def test_editors_spanish_text_and_the_spanish_feed_and_json_ld(client, perspectives, site):
    _, spanish, index_es = perspectives
    settings = SiteSettings.for_site(site)
    settings.perspective_disclaimer_es = "Información vigente a la fecha de <b>publicación</b>."
    settings.save()
    html = client.get(index_es.url).content.decode()
    assert "Información vigente a la fecha de &lt;b&gt;publicación&lt;/b&gt;." in html
    feed = client.get(f"{index_es.url}feed/").content.decode()
    assert "Publicado en marzo de 2019. Información vigente" in feed
    data = json.loads(soup(client.get(spanish.url)).find("script", type="application/ld+json").string)
    assert data["description"].startswith("Resumen cebra Publicado en marzo de 2019. Información vigente")
    assert data["inLanguage"] == "es"
