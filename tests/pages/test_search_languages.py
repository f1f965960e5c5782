"""Search per language (issue 20): Spanish pages indexed and queried with PostgreSQL's `spanish`
text-search configuration, results only in the visitor's language, a link to the other."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale

from demo.factories import ResourceIndexPageFactory, StandardPageFactory
from demo.factories.forums import BoardPageFactory, ForumIndexPageFactory, PostFactory, TopicFactory
from demo.factories.resources import ResourceFactory
from pages.models import HomePage
from tests.utils import count_queries, translate_page


def results(response):
    ol = BeautifulSoup(response.content, "html.parser").find("ol", class_="result-list")
    return [h.text for h in ol.find_all("h2")] if ol else []


@pytest.fixture
def home_es(home):
    page = home.copy_for_translation(Locale.objects.get(language_code="es"))
    page.title = "Inicio"
    page.save_revision().publish()
    return HomePage.objects.get(pk=page.pk)


@pytest.fixture
def treatment_pages(home, home_es):
    english = StandardPageFactory(
        parent=home, title="Treatment options", slug="treatment", listing_summary="Surgery and medicines"
    )
    spanish = translate_page(
        english,
        "Opciones de tratamiento",
        listing_summary="Cada opción de tratamiento tiene sus recomendaciones",
    )
    return english, spanish


def test_spanish_pages_are_indexed_with_spanish_stemming(treatment_pages):
    _, spanish = treatment_pages
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT body::text FROM wagtailsearch_indexentry WHERE object_id = %s AND body::text LIKE %s",
            [str(spanish.pk), "%recomend%"],
        )
        (body,) = cursor.fetchone()
    # Spanish stemming: "recomendaciones" becomes 'recomend' (English would keep 'recomendacion').
    assert "'recomend'" in body and "'recomendacion'" not in body


@pytest.mark.parametrize(
    "query", ["tratamientos", "opciones", "recomendación", "las opciones de los tratamientos"]
)
def test_spanish_search_stems_in_spanish(client, treatment_pages, query):
    """Plural and singular meet (opciones → opción), accents and stop words ("las", "de")
    don't get in the way: the English configuration finds none of the last three."""
    response = client.get("/es/search/", {"q": query})
    assert response.status_code == 200
    assert results(response) == ["Opciones de tratamiento"]


def test_results_only_in_the_visitors_language(client, treatment_pages):
    assert results(client.get("/search/", {"q": "treatment"})) == ["Treatment options"]
    assert results(client.get("/search/", {"q": "tratamiento"})) == []
    assert results(client.get("/es/search/", {"q": "tratamiento"})) == ["Opciones de tratamiento"]
    assert results(client.get("/es/search/", {"q": "surgery"})) == []


def test_link_runs_the_same_query_in_the_other_language(client, treatment_pages):
    english = BeautifulSoup(client.get("/search/", {"q": "cáncer de mama"}).content, "html.parser")
    link = english.select_one(".search-other-language a")
    assert link.text == "Buscar en español" and link["lang"] == "es" and link["hreflang"] == "es"
    assert link["href"] == "/es/search/?q=c%C3%A1ncer%20de%20mama"

    spanish = BeautifulSoup(client.get("/es/search/", {"q": "treatment"}).content, "html.parser")
    link = spanish.select_one(".search-other-language a")
    assert link.text == "Search in English" and link["lang"] == "en"
    assert link["href"] == "/search/?q=treatment"
    assert spanish.html["lang"] == "es"
    assert spanish.h1.text == "Buscar"
    assert spanish.select_one(".result-count").text == "0 resultados para «treatment»"


def test_promotions_only_in_the_visitors_language(client, treatment_pages):
    english, spanish = treatment_pages
    query = Query.get("ayuda")
    SearchPromotion.objects.create(query=query, page=english, description="English pick")
    SearchPromotion.objects.create(query=query, page=spanish, description="Recomendación en español")
    on_es = BeautifulSoup(client.get("/es/search/", {"q": "ayuda"}).content, "html.parser")
    assert [a["href"] for a in on_es.select(".promoted a")] == [spanish.url]
    on_en = BeautifulSoup(client.get("/search/", {"q": "ayuda"}).content, "html.parser")
    assert [a["href"] for a in on_en.select(".promoted a")] == [english.url]


def test_forum_posts_only_from_boards_in_the_visitors_language(client, home, home_es):
    forum = ForumIndexPageFactory(parent=home)
    board = BoardPageFactory(parent=forum, title="Newly Diagnosed", slug="newly-diagnosed")
    forum_es = translate_page(forum, "Foros")
    board_es = BoardPageFactory(parent=forum_es, title="En español", slug="en-espanol")
    PostFactory(topic=TopicFactory(board=board, title="Radiation tips"), body="Radiation fatigue tips")
    PostFactory(topic=TopicFactory(board=board_es, title="Radiación"), body="Radiation y cansancio")

    english = client.get("/search/", {"q": "radiation"}).content.decode()
    assert "Radiation tips" in english and "Radiación" not in english
    spanish = client.get("/es/search/", {"q": "radiation"}).content.decode()
    assert "Radiación" in spanish and "Radiation tips" not in spanish


def test_spanish_search_query_count_is_constant(client, home, home_es, django_assert_max_num_queries):
    for n in range(5):
        translate_page(StandardPageFactory(parent=home, title=f"Fact sheet {n}"), f"Hoja informativa {n}")
    client.get("/es/search/", {"q": "hoja informativa"})  # first search creates its stats rows
    _, few = count_queries(client.get, "/es/search/", {"q": "hoja informativa"})
    for n in range(5, 10):
        translate_page(StandardPageFactory(parent=home, title=f"Fact sheet {n}"), f"Hoja informativa {n}")
    with django_assert_max_num_queries(few):
        response = client.get("/es/search/", {"q": "hoja informativa"})
    assert len(results(response)) == 10


def test_fact_sheets_only_in_the_visitors_language(client, home, home_es):
    library = ResourceIndexPageFactory(parent=home)
    library_es = translate_page(library, "Hojas informativas", slug="hojas-informativas")
    ResourceFactory(title="Lymphedema fact sheet", language="en")
    ResourceFactory(title="Lymphedema hoja informativa", language="es")
    english = BeautifulSoup(client.get("/search/", {"q": "lymphedema"}).content, "html.parser")
    section = english.find("section", class_="resource-results")
    assert [h.text for h in section.find_all("h3")] == ["Lymphedema fact sheet"]
    assert section.find("a", href=f"{library.url}?q=lymphedema&language=en")
    spanish = BeautifulSoup(client.get("/es/search/", {"q": "lymphedema"}).content, "html.parser")
    section = spanish.find("section", class_="resource-results")
    assert [h.text for h in section.find_all("h3")] == ["Lymphedema hoja informativa"]
    assert section.find("a", href=f"{library_es.url}?q=lymphedema&language=es")
