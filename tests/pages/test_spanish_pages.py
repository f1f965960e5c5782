"""Condition pages, topics, reviewers and error pages in Spanish (issue 20): every visitor-facing
word from the templates in Spanish, dates through Django's localisation, English unchanged, and
the same query budget in both languages."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    MedicalReviewersPageFactory,
    SourceFactory,
    TopicIndexPageFactory,
)
from pages.models import HomePage, Reviewer
from tests.utils import count_queries, soup, translate_page


def cite(source):
    return f'<citation source="{source.pk}">[x]</citation>'


def text_of(node):
    return " ".join(node.get_text().split())


@pytest.fixture
def home_es(home):
    return translate_page(home, "Inicio")


@pytest.fixture
def article_pair(home, home_es):
    reviewers = MedicalReviewersPageFactory(parent=home)
    translate_page(reviewers, "Nuestros revisores médicos")
    reviewer = Reviewer.objects.create(name="Dr. Ana Ruiz", credentials="MD")
    source = SourceFactory(
        title="Cancer statistics", publisher="ACS", year=2026, accessed=datetime.date(2026, 3, 4)
    )
    section = ConditionIndexPageFactory(parent=home, title="Metastatic breast cancer")
    article = ConditionArticlePageFactory(
        parent=section,
        title="Treatment",
        last_reviewed=datetime.date(2026, 12, 2),
        next_review_due=datetime.date(2027, 6, 1),
        reviewer=reviewer,
        body=[
            ("paragraph", f"<p>Fact {cite(source)} and again.</p>"),
        ],
    )
    translate_page(section, "Cáncer de seno metastásico")
    # A translation is medically reviewed on its own (its review dates are not copied from the
    # English page): here the same reviewer reviewed it the same day.
    spanish = translate_page(
        article,
        "Tratamiento",
        last_reviewed=article.last_reviewed,
        next_review_due=article.next_review_due,
        reviewer=reviewer,
    )
    return article, spanish


def test_spanish_article_reads_in_spanish_with_spanish_dates(client, article_pair):
    english, spanish = article_pair
    page = soup(client.get(spanish.url))
    assert page.html["lang"] == "es"
    review = [text_of(node) for node in page.select("dl.review-dates dt, dl.review-dates dd")]
    assert review == [
        "Revisión médica",
        "por Dr. Ana Ruiz, MD el 2 de diciembre de 2026",
        "Próxima revisión",
        "1 de junio de 2027",
    ]
    assert page.find("h2", id="sources-heading").text == "Fuentes del artículo"

    english_page = soup(client.get(english.url))
    review = [text_of(node) for node in english_page.select("dl.review-dates dt, dl.review-dates dd")]
    assert review == [
        "Medically reviewed",
        "by Dr. Ana Ruiz, MD on December 2, 2026",
        "Next review due",
        "June 1, 2027",
    ]


def test_spanish_sources_list_and_back_links(client, home, home_es):
    source = SourceFactory(
        title="Cancer statistics", publisher="ACS", year=2026, accessed=datetime.date(2026, 3, 4)
    )
    section = ConditionIndexPageFactory(parent=home)
    article = ConditionArticlePageFactory(
        parent=section,
        body=[("paragraph", f"<p>A {cite(source)} B {cite(source)}</p>")],
    )
    translate_page(section)
    spanish = translate_page(article)
    sources = soup(client.get(spanish.url)).find("section", class_="sources")
    assert "Consultado el 4 de marzo de 2026." in text_of(sources)
    labels = [a["aria-label"] for a in sources.find_all("a", class_="sources__back")]
    assert labels == [
        "Volver a la cita 1 (mención 1) en el texto",
        "Volver a la cita 1 (mención 2) en el texto",
    ]


def test_spanish_section_topics_and_reviewers_pages(client, home, home_es):
    section = ConditionIndexPageFactory(parent=home, title="Diagnosis")
    ConditionArticlePageFactory(parent=section, last_reviewed=datetime.date(2026, 1, 15))
    spanish_section = translate_page(section, "Diagnóstico")
    # The English article has no Spanish translation: the Spanish section is empty.
    page = soup(client.get(spanish_section.url))
    assert "Todavía no hay artículos en esta sección." in page.text
    spanish_article = translate_page(
        section.get_children().first().specific, "Artículo", last_reviewed=datetime.date(2026, 1, 15)
    )
    page = soup(client.get(spanish_section.url))
    assert [h.text for h in page.find("main").find_all("h2")] == ["Artículos"]
    assert "Última revisión: enero de 2026" in page.text
    assert spanish_article.title in page.text

    english = soup(client.get(section.url))
    assert "Last reviewed January 2026" in english.text

    topics = TopicIndexPageFactory(parent=home)
    HealthTopicFactory(name="Treatment", slug="treatment")
    spanish_topics = translate_page(topics, "Temas")
    topic = soup(client.get(spanish_topics.url + "treatment/"))
    headings = [h.text for h in topic.find("main").find_all("h2")]
    assert headings == ["Artículos", "Perspectivas de Komen"]
    assert "Todavía no hay artículos sobre este tema." in topic.text
    assert topic.find("a", string="Todos los temas")

    reviewers = translate_page(MedicalReviewersPageFactory(parent=home), "Nuestros revisores médicos")
    assert (
        "Pronto publicaremos aquí la lista de nuestros revisores médicos."
        in soup(client.get(reviewers.url)).text
    )


def test_spanish_article_queries_do_not_grow_with_sources_topics_and_review(
    client, home, home_es, django_assert_max_num_queries
):
    """The Spanish chrome (review record, sources, topics, dates) costs no query per item."""
    section = ConditionIndexPageFactory(parent=home)
    translate_page(section)
    reviewer = Reviewer.objects.create(name="Dr. Ana Ruiz", credentials="MD")
    topics = [HealthTopicFactory() for _ in range(4)]
    sources = [SourceFactory(accessed=datetime.date(2026, 3, n + 1)) for n in range(8)]

    def article(sources, topics):
        page = ConditionArticlePageFactory(
            parent=section,
            reviewer=reviewer,
            next_review_due=datetime.date(2027, 1, 15),
            body=[("paragraph", f"<p>Fact {cite(source)} and {cite(source)}.</p>") for source in sources],
        )
        page.topics.add(*topics)
        page.save_revision().publish()
        return translate_page(page)

    small = article(sources[:1], topics[:1])
    big = article(sources, topics)
    client.get(small.url)
    _, few = count_queries(client.get, small.url)
    client.get(big.url)
    with django_assert_max_num_queries(few):
        response = client.get(big.url)
    page = soup(response)
    assert len(page.select("section.sources li")) == 8
    assert page.find("p", class_="topics").text.startswith("Temas:")


def test_spanish_500_page(home, home_es, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "serve", broken)
    response = Client(raise_request_exception=False).get("/es/")
    assert response.status_code == 500
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "es"
    assert page.h1.text == "Algo salió mal"
    assert page.find("a", href="tel:+18774656636")
    english = BeautifulSoup(Client(raise_request_exception=False).get("/").content, "html.parser")
    assert english.html["lang"] == "en" and english.h1.text == "Something went wrong"
