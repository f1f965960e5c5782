"""Glossary terms in Spanish (issue 20): terms are translatable snippets, unique per locale; the
Spanish glossary lists the Spanish terms A–Z as Spanish readers expect (Ñ its own letter, accents
folded: "Ácido" under A); Spanish articles mark Spanish terms, English articles English terms; a
term's "learn more" page is the Spanish one when it exists; the boards' abbreviations page in
Spanish falls back to the English terms not yet translated.

Fallback (docs/i18n.md): a term with no Spanish translation is neither listed on the Spanish
glossary nor marked in Spanish articles; a Spanish page marks nothing until the Spanish glossary
page is live."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import Locale

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    ForumIndexPageFactory,
    GlossaryPageFactory,
    GlossaryTermFactory,
)
from demo.glossary import SPANISH_TERMS
from demo.spanish import CRISIS_NOTICE_ES, HELPLINE_NOTE_ES, SEED_ARTICLE_SLUG
from forums.models import BoardPage
from pages.glossary import fold, letter_of, letters_for, sort_key
from pages.models import ConditionArticlePage, GlossaryPage, GlossaryTerm
from tests.utils import count_queries, soup, translate_page

BEFORE = ("pages", "0017_rename_topic_to_healthtopic")
AFTER = ("pages", "0020_glossary_term_translatable_unique_per_locale")


def translate_term(source, **fields):
    copy = source.copy_for_translation(Locale.objects.get(language_code="es"))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def defined_terms(html):
    return [(dfn.get_text(), dfn.a["href"]) for dfn in html.select("article .glossary-term dfn")]


def listed_terms(html):
    return [dfn.get_text() for dfn in html.select(".glossary-entry dt dfn")]


@pytest.fixture
def home_es(home):
    return translate_page(home, "Inicio")


@pytest.fixture
def glossary(home):
    return GlossaryPageFactory(parent=home)


@pytest.fixture
def glossary_es(glossary, home_es):
    return translate_page(glossary, "Glosario", slug="glosario")


@pytest.fixture
def terms(db):
    mbc = GlossaryTermFactory(
        term="Metastatic breast cancer",
        variants="stage IV breast cancer",
        abbreviations="MBC",
        definition="Breast cancer that has spread beyond the breast.",
    )
    biopsy = GlossaryTermFactory(term="Biopsy", variants="biopsies", definition="Taking a tissue sample.")
    ned = GlossaryTermFactory(term="No evidence of disease", abbreviations="NED", definition="No sign of it.")
    her2 = GlossaryTermFactory(term="HER2-positive", abbreviations="HER2+", definition="Too much HER2.")
    return {
        "mbc": mbc,
        "biopsy": biopsy,
        "ned": ned,
        "her2": her2,
        "mbc_es": translate_term(
            mbc,
            term="Cáncer de seno metastásico",
            variants="cáncer de seno en estadio IV",
            abbreviations="CSM",
            definition="Cáncer de seno que se ha extendido más allá del seno.",
        ),
        "biopsy_es": translate_term(
            biopsy, term="Biopsia", variants="biopsias", definition="Tomar una muestra de tejido."
        ),
        # Translated without abbreviations of its own: the Spanish abbreviations page uses "NED".
        "ned_es": translate_term(
            ned, term="Sin evidencia de enfermedad", abbreviations="", definition="Ninguna señal de cáncer."
        ),
    }


# Letters and order


def test_spanish_letters_have_enie_and_fold_accents():
    assert letters_for("es")[13:16] == ["N", "Ñ", "O"] and len(letters_for("es")) == 27
    assert letters_for("en") == letters_for("en-us") == [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    assert letter_of("Ácido", "es") == "A" and letter_of("úlcera", "es") == "U"
    assert letter_of("Ñame", "es") == "Ñ" and letter_of("Ñame", "en") == "N"
    assert letter_of("4T1", "es") == "#"
    assert fold("Ácido ÚNICO", "es") == "ACIDO UNICO"
    words = ["Ñandú", "Nutrición", "Ácido", "Abdomen", "Niño", "Oncólogo", "Ninguno"]
    assert sorted(words, key=lambda word: sort_key(word, "es")) == [
        "Abdomen",
        "Ácido",
        "Ninguno",
        "Niño",
        "Nutrición",
        "Ñandú",
        "Oncólogo",
    ]


# The A–Z pages


def test_spanish_glossary_lists_only_spanish_terms_a_to_z(client, glossary_es, terms):
    GlossaryTermFactory(term="Ácido fólico", locale=Locale.objects.get(language_code="es"))
    GlossaryTermFactory(term="Ñame", locale=Locale.objects.get(language_code="es"))
    html = soup(client.get(glossary_es.url))
    assert glossary_es.url == "/es/glosario/"
    assert html.find("html")["lang"] == "es"
    assert listed_terms(html) == [
        "Ácido fólico",
        "Biopsia",
        "Cáncer de seno metastásico",
        "Ñame",
        "Sin evidencia de enfermedad",
    ]
    assert [h2.get_text() for h2 in html.select(".glossary-group h2")] == ["A", "B", "C", "Ñ", "S"]
    letters = [li.get_text() for li in html.select(".glossary-letters li")]
    assert letters[13:16] == ["N", "Ñ", "O"] and len(letters) == 27
    assert html.select_one(".glossary-letters a[href='#letter-ñ']") is not None
    assert html.find(id="letter-ñ") is not None
    # Untranslated English terms are not listed in Spanish; the English glossary is unchanged.
    assert "HER2-positive" not in html.get_text()
    english = soup(client.get("/glossary/"))
    assert listed_terms(english) == [
        "Biopsy",
        "HER2-positive",
        "Metastatic breast cancer",
        "No evidence of disease",
    ]
    assert "Biopsia" not in english.get_text()


def test_spanish_glossary_search_stays_in_spanish(client, glossary_es, terms):
    html = soup(client.get(glossary_es.url, {"q": "biops"}))
    assert listed_terms(html) == ["Biopsia"]
    assert listed_terms(soup(client.get(glossary_es.url, {"q": "HER2"}))) == []


def test_learn_more_goes_to_the_spanish_page_when_it_exists(client, home, glossary_es, terms):
    section = ConditionIndexPageFactory(parent=home, title="Metastatic breast cancer")
    translated = ConditionArticlePageFactory(parent=section, title="Living with MBC")
    untranslated = ConditionArticlePageFactory(parent=section, title="Biopsy results")
    section_es = translate_page(section, "Cáncer de seno metastásico", slug="cancer-de-seno-metastasico")
    article_es = translate_page(translated, "Vivir con CSM", slug="vivir-con-csm")
    for term, page in ((terms["mbc"], translated), (terms["biopsy"], untranslated)):
        term.learn_more_page = page
        term.save()
    # A translation made after the source's page was set keeps the source's (English) page.
    for spanish, english in ((terms["mbc_es"], translated), (terms["biopsy_es"], untranslated)):
        spanish.learn_more_page = english
        spanish.save()
    assert section_es.live
    html = soup(client.get(glossary_es.url))
    links = {
        a.get_text(): (a["href"], a.get("hreflang")) for a in html.select(".glossary-entry .learn-more a")
    }
    assert links == {
        "Más información: Vivir con CSM": (article_es.url, None),
        "Más información: Biopsy results": (untranslated.url, "en"),
    }


def test_glossary_query_count_does_not_grow_with_terms_in_spanish(
    client, home, glossary_es, terms, django_assert_max_num_queries
):
    section = ConditionIndexPageFactory(parent=home)
    translated, untranslated = ConditionArticlePageFactory.create_batch(2, parent=section)
    translate_page(section, "Sección", slug="seccion")
    translate_page(translated, "Traducido", slug="traducido")

    def add_terms(start, count):
        for n in range(start, start + count):
            english = GlossaryTermFactory(
                term=f"Word {n}", abbreviations=f"W{n}", learn_more_page=(translated, untranslated)[n % 2]
            )
            translate_term(english, term=f"Palabra {n}", abbreviations=f"P{n}" if n % 3 else "")

    add_terms(0, 2)
    urls = [glossary_es.url, glossary_es.url + "abbreviations/"]
    counts = {}
    for url in urls:
        client.get(url)
        counts[url] = count_queries(client.get, url)[1]
    add_terms(2, 30)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_spanish_abbreviations_fall_back_to_english(client, glossary_es, terms):
    html = soup(client.get(glossary_es.url + "abbreviations/"))
    rows = {
        tr.th.get_text(): (tr.td.a.get_text(), tr.td.a["href"], tr.get("lang"))
        for tr in html.select("tbody tr")
    }
    assert rows == {
        "CSM": ("Cáncer de seno metastásico", "/es/glosario/#term-metastatic-breast-cancer", None),
        # The Spanish term has no abbreviation of its own: the English one members use.
        "NED": ("Sin evidencia de enfermedad", "/es/glosario/#term-no-evidence-of-disease", None),
        # Not translated yet: the English term, marked as English, on the English glossary.
        "HER2+": ("HER2-positive", "/glossary/#term-her2-positive", "en"),
    }
    assert [tr.th.get_text() for tr in html.select("tbody tr")] == ["CSM", "HER2+", "NED"]
    english = soup(client.get("/glossary/abbreviations/"))
    assert [tr.th.get_text() for tr in english.select("tbody tr")] == ["HER2+", "MBC", "NED"]
    assert not english.select("tbody tr[lang]")


def test_boards_link_to_the_glossary_in_their_language(client, home, home_es, glossary_es, terms):
    boards = ForumIndexPageFactory(parent=home)
    boards_es = translate_page(boards, "Foros", slug="foros")
    english = soup(client.get(boards.url)).select_one("a[href$='abbreviations/']")
    spanish = soup(client.get(boards_es.url)).select_one("a[href$='abbreviations/']")
    assert english["href"] == "/glossary/abbreviations/"
    assert spanish["href"] == "/es/glosario/abbreviations/"


# Terms marked in articles


def spanish_article(home, body):
    section = ConditionIndexPageFactory(parent=home)
    article = ConditionArticlePageFactory(parent=section, body=[("paragraph", "<p>English text.</p>")])
    translate_page(section, "Sección", slug="seccion")
    return translate_page(article, "Artículo", slug="articulo", body=[("paragraph", body)])


def test_spanish_article_marks_spanish_terms_only(client, home, glossary_es, terms):
    page = spanish_article(
        home,
        "<p>Las BIOPSIAS confirman el cáncer de seno metastásico (CSM). Una biopsia es rápida. "
        "HER2-positive, Biopsy y csm no se marcan.</p>",
    )
    assert defined_terms(soup(client.get(page.url))) == [
        ("BIOPSIAS", "/es/glosario/#term-biopsy"),
        ("cáncer de seno metastásico", "/es/glosario/#term-metastatic-breast-cancer"),
    ]


def test_spanish_forms_match_with_their_accents(client, home, glossary_es, terms):
    # Like the English rules: any case, but the form as written (an unaccented spelling is a
    # variant editors add); abbreviations in their exact case.
    page = spanish_article(home, "<p>Cancer de seno metastasico. CÁNCER DE SENO METASTÁSICO. CSM.</p>")
    assert defined_terms(soup(client.get(page.url))) == [
        ("CÁNCER DE SENO METASTÁSICO", "/es/glosario/#term-metastatic-breast-cancer"),
    ]


def test_english_article_marks_english_terms_only(client, home, glossary_es, terms):
    section = ConditionIndexPageFactory(parent=home)
    page = ConditionArticlePageFactory(
        parent=section, body=[("paragraph", "<p>A biopsia is not a biopsy. CSM or MBC.</p>")]
    )
    assert defined_terms(soup(client.get(page.url))) == [
        ("biopsy", "/glossary/#term-biopsy"),
        ("MBC", "/glossary/#term-metastatic-breast-cancer"),
    ]


def test_spanish_article_marks_nothing_without_a_spanish_glossary(client, home, home_es, glossary, terms):
    page = spanish_article(home, "<p>Una biopsia confirma el cáncer de seno metastásico.</p>")
    assert defined_terms(soup(client.get(page.url))) == []


# The snippet: per-locale uniqueness, the admin, translating


def test_term_and_slug_are_unique_per_locale(terms):
    spanish = terms["biopsy_es"]
    assert spanish.slug == terms["biopsy"].slug == "biopsy"
    assert spanish.translation_key == terms["biopsy"].translation_key
    assert spanish.locale.language_code == "es" and terms["biopsy"].locale.language_code == "en"
    same_name = GlossaryTermFactory(term="Biopsia")  # English locale: allowed
    assert same_name.slug == "biopsia"
    other = GlossaryTermFactory(term="Biopsy!", locale=spanish.locale)
    assert other.slug == "biopsy-2"  # "biopsy" is taken in Spanish


def test_admin_refuses_a_duplicate_term_in_the_same_language(admin_client, terms):
    url = reverse("wagtailsnippets_pages_glossaryterm:add") + "?locale=es"
    data = {"term": "Biopsia", "definition": "Otra.", "variants": "", "abbreviations": "", "slug": ""}
    response = admin_client.post(url, {**data, "learn_more_page": ""})
    assert response.status_code == 200
    assert "This language already has a glossary term with this name." in response.content.decode()
    assert GlossaryTerm.objects.filter(term="Biopsia").count() == 1
    response = admin_client.post(
        url, {**data, "term": "Biopsia líquida", "slug": "biopsy", "learn_more_page": ""}
    )
    assert response.status_code == 200
    assert "Another glossary term in this language has this slug." in response.content.decode()
    # The same words in English are another term.
    response = admin_client.post(
        reverse("wagtailsnippets_pages_glossaryterm:add") + "?locale=en", {**data, "learn_more_page": ""}
    )
    assert response.status_code == 302
    assert GlossaryTerm.objects.filter(term="Biopsia").count() == 2


def test_admin_listing_has_a_locale_filter_and_column(admin_client, terms):
    url = reverse("wagtailsnippets_pages_glossaryterm:list")
    html = soup(admin_client.get(url, {"locale": "es"}))
    names = [a.get_text(strip=True) for a in html.select("tbody td.title a, tbody td a")]
    assert "Biopsia" in names and "Biopsy" not in names
    assert html.find("input", attrs={"name": "locale", "value": "es"}) is not None
    assert "Español" in html.select_one("table").get_text()  # the locale column
    html = soup(admin_client.get(url, {"locale": "en"}))
    names = [a.get_text(strip=True) for a in html.select("tbody td a")]
    assert "Biopsy" in names and "Biopsia" not in names


def test_editor_translates_a_term_with_wagtail_localize(client, django_user_model, home):
    editor = django_user_model.objects.create_user("ed", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    term = GlossaryTermFactory(term="Oncologist", variants="oncologists", definition="A cancer doctor.")
    listing = soup(client.get(reverse("wagtailsnippets_pages_glossaryterm:list")))
    translate_url = f"/admin/localize/submit/snippet/pages/glossaryterm/{term.pk}/"
    assert listing.find("a", href=translate_url) is not None
    spanish = Locale.objects.get(language_code="es")
    response = client.post(translate_url, {"locales": [spanish.pk]})
    assert response.status_code == 302
    translation = GlossaryTerm.objects.get(translation_key=term.translation_key, locale=spanish)
    assert translation.slug == term.slug
    assert client.get(response["Location"]).status_code == 200  # the translation editor


# The migration


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target], plan=executor.migration_plan([target]))


def test_migration_round_trip_gives_existing_terms_the_default_locale(home):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _migrate(BEFORE)
    try:
        old = (
            MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("pages", "GlossaryTerm")
        )
        for name in ("Biopsy", "Recurrence"):
            old.objects.create(term=name, slug=name.lower(), definition=f"{name}.")
    finally:
        _migrate(AFTER)
    rows = list(GlossaryTerm.objects.order_by("term"))
    assert [(row.term, row.locale.language_code) for row in rows] == [("Biopsy", "en"), ("Recurrence", "en")]
    assert len({row.translation_key for row in rows}) == 2 and all(row.translation_key for row in rows)
    translate_term(rows[0], term="Biopsia")
    # Back: the old schema has one site-wide glossary, so the translation goes and English stays.
    _migrate(BEFORE)
    try:
        old = (
            MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("pages", "GlossaryTerm")
        )
        assert sorted(old.objects.values_list("term", flat=True)) == ["Biopsy", "Recurrence"]
    finally:
        _migrate(AFTER)
    call_command("migrate", "pages", verbosity=0)  # and forward to the latest again
    assert sorted(GlossaryTerm.objects.values_list("term", flat=True)) == ["Biopsy", "Recurrence"]


# The demo


@pytest.mark.django_db
def test_demo_has_spanish_terms_note_and_notice_and_loads_twice(client):
    call_command("load_demo_content", stdout=StringIO())
    call_command("load_demo_content", stdout=StringIO())
    spanish = Locale.objects.get(language_code="es")
    assert GlossaryTerm.objects.filter(locale=spanish).count() == len(SPANISH_TERMS)
    glossary_es = GlossaryPage.objects.get(locale=spanish)
    assert glossary_es.url == "/es/glosario/"
    listed = listed_terms(soup(client.get(glossary_es.url)))
    assert "Cáncer de seno metastásico" in listed and "Metastatic breast cancer" not in listed
    article = ConditionArticlePage.objects.get(locale=spanish, slug=SEED_ARTICLE_SLUG)
    html = soup(client.get(article.url))
    marked = [text for text, _ in defined_terms(html)]
    assert "cáncer de seno metastásico" in [text.lower() for text in marked]
    assert "recurrencia a distancia" in marked
    assert all(href.startswith("/es/glosario/#term-") for _, href in defined_terms(html))
    assert HELPLINE_NOTE_ES in html.get_text()
    board = BoardPage.objects.get(locale=spanish, slug="en-espanol")
    support = soup(client.get(board.url)).find("aside", class_="board-support")
    assert CRISIS_NOTICE_ES in support.get_text() and HELPLINE_NOTE_ES in support.get_text()
