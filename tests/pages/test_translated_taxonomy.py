"""Translatable health topics and sources (issue 20): unique per language, translated in the
admin with wagtail-localize, shown in the page's language with the English one as fallback."""

from io import StringIO

import defusedxml.ElementTree as ElementTree
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    SourceFactory,
    TopicIndexPageFactory,
)
from pages.models import HealthTopic, Source
from tests.utils import count_queries, soup, translate_page

BEFORE = ("pages", "0017_rename_topic_to_healthtopic")


def latest():
    """The latest pages migration: the test ends with today's schema, whatever comes after."""
    return MigrationLoader(connection).graph.leaf_nodes("pages")[0]


def translate_snippet(snippet, **fields):
    copy = snippet.copy_for_translation(Locale.objects.get(language_code="es"))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def cite(source):
    return f'<citation source="{source.pk}">[x]</citation>'


# Model and migration ----------------------------------------------------------------------


def test_migrations_give_existing_topics_and_sources_the_default_locale_and_own_keys(db):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    try:
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldTopic = old_apps.get_model("pages", "HealthTopic")
        OldSource = old_apps.get_model("pages", "Source")
        topics = [OldTopic.objects.create(name=n, slug=n.lower()) for n in ("Treatment", "Research")]
        source = OldSource.objects.create(title="A study", publisher="A journal", year=2020)
    finally:
        MigrationExecutor(connection).migrate([latest()])

    english = Locale.objects.get(language_code="en")
    migrated = list(HealthTopic.objects.filter(pk__in=[t.pk for t in topics]))
    assert {t.locale_id for t in migrated} == {english.pk}
    assert len({t.translation_key for t in migrated}) == 2 and None not in {
        t.translation_key for t in migrated
    }
    assert Source.objects.get(pk=source.pk).locale_id == english.pk

    # Back and forth again: the steps reverse, also with a Spanish topic keeping the English
    # name and slug (the translations go before the site-wide uniqueness returns), and re-apply.
    translate_snippet(migrated[0])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    MigrationExecutor(connection).migrate([BEFORE])
    MigrationExecutor(connection).migrate([latest()])
    assert HealthTopic.objects.filter(pk__in=[t.pk for t in topics], locale=english).count() == 2
    assert not HealthTopic.objects.exclude(locale=english).exists()


def test_name_and_slug_are_unique_per_language_not_globally(spanish):
    topic = HealthTopicFactory(name="Research", slug="research")
    same_words = translate_snippet(topic)  # a Spanish version may keep the English words
    assert (same_words.name, same_words.slug, same_words.locale) == ("Research", "research", spanish)
    # Under English: another test on the same xdist worker may leave Spanish active.
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        HealthTopic(name="Research", slug="research", locale=topic.locale).full_clean()
    assert raised.value.message_dict == {
        "name": ["A topic with this name already exists in this language."],
        "slug": ["A topic with this slug already exists in this language."],
    }
    with transaction.atomic(), pytest.raises(IntegrityError):
        HealthTopic.objects.create(name="Other", slug="research")


def test_admin_form_reports_a_duplicate_in_the_same_language_without_a_500(admin_client, spanish):
    HealthTopicFactory(name="Treatment", slug="treatment")
    response = admin_client.post(
        "/admin/snippets/pages/healthtopic/add/", {"name": "Treatment", "slug": "", "description": "Kept"}
    )
    assert response.status_code == 200
    assert "A topic with this name already exists in this language." in response.content.decode()
    assert 'value="Treatment"' in response.content.decode() and "Kept" in response.content.decode()
    # The same name in Spanish is fine.
    response = admin_client.post(
        "/admin/snippets/pages/healthtopic/add/?locale=es",
        {"name": "Treatment", "slug": "", "description": ""},
    )
    assert response.status_code == 302
    assert HealthTopic.objects.get(name="Treatment", locale=spanish).slug == "treatment"


# Admin: wagtail-localize's "Translate" action -----------------------------------------------


def test_editors_translate_a_topic_in_the_admin(admin_client, spanish):
    topic = HealthTopicFactory(name="Treatment", slug="treatment", description="How it is treated.")
    listing = admin_client.get("/admin/snippets/pages/healthtopic/")
    assert listing.status_code == 200
    page = BeautifulSoup(listing.content, "html.parser")
    translate_url = f"/admin/localize/submit/snippet/pages/healthtopic/{topic.pk}/"
    assert page.find("a", href=translate_url), "a Translate button on the topic's row"
    assert page.find("input", attrs={"name": "locale"}) or "locale=es" in listing.content.decode()

    assert admin_client.get(translate_url).status_code == 200
    response = admin_client.post(translate_url, {"locales": [spanish.pk]})
    assert response.status_code == 302
    spanish_topic = HealthTopic.objects.get(translation_key=topic.translation_key, locale=spanish)
    assert admin_client.get(response["Location"]).status_code == 200  # wagtail-localize's editor

    source = TranslationSource.objects.get_for_instance(topic)
    words = {"Treatment": "Tratamiento", "treatment": "tratamiento", "How it is treated.": "Cómo se trata."}
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=spanish,
            context=segment.context,
            data=words[segment.string.data],
        )
    Translation.objects.get(source=source, target_locale=spanish).save_target()
    spanish_topic.refresh_from_db()
    assert (spanish_topic.name, spanish_topic.slug, spanish_topic.description) == (
        "Tratamiento",
        "tratamiento",
        "Cómo se trata.",
    )
    spanish_listing = admin_client.get("/admin/snippets/pages/healthtopic/?locale=es")
    assert "Tratamiento" in spanish_listing.content.decode()
    # The listing's table (the admin page also has a keyboard-shortcuts table).
    table = (
        BeautifulSoup(spanish_listing.content, "html.parser")
        .select_one("th a[href*='ordering=name']")
        .find_parent("table")
    )
    assert "Treatment" not in table.text
    # Each row says its language (English and Spanish rows can carry the same words).
    assert "Locale" in [th.get_text(strip=True) for th in table.find("thead").find_all("th")]
    assert "Español" in table.find("tbody").find("tr").get_text()  # the locale in its own name


def test_a_spanish_name_already_taken_is_an_error_on_that_translated_string(spanish):
    """wagtail-localize shows an error on the string it belongs to when the error is on a field:
    a Spanish name another Spanish topic has is reported there, not as a crash."""
    taken = HealthTopicFactory(name="Support", slug="support")
    translate_snippet(taken, name="Apoyo", slug="apoyo")
    other = HealthTopicFactory(name="Help", slug="help")
    source, _ = TranslationSource.get_or_create_from_instance(other)
    words = {"Help": "Apoyo", "help": "ayuda"}
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=spanish,
            context=segment.context,
            data=words[segment.string.data],
        )
    with pytest.raises(ValidationError):
        source.create_or_update_translation(spanish)
    errors = {
        t.data: t.get_error()
        for t in StringTranslation.objects.filter(locale=spanish, data__in=["Apoyo", "ayuda"])
    }
    assert errors == {"Apoyo": "A topic with this name already exists in this language.", "ayuda": None}
    assert not HealthTopic.objects.filter(translation_key=other.translation_key, locale=spanish).exists()


def test_a_source_translation_keeps_the_publication_and_may_override_the_title(admin_client, spanish):
    source = SourceFactory(title="Breast Cancer Treatment (PDQ)", publisher="National Cancer Institute")
    response = admin_client.post(
        f"/admin/localize/submit/snippet/pages/source/{source.pk}/", {"locales": [spanish.pk]}
    )
    assert response.status_code == 302
    spanish_source = Source.objects.get(translation_key=source.translation_key, locale=spanish)
    assert (spanish_source.title, spanish_source.year, spanish_source.url) == (
        source.title,
        source.year,
        source.url,
    )
    # Nothing has to be translated; title, publisher and link are overridable.
    translation_source = TranslationSource.objects.get_for_instance(source)
    assert not StringSegment.objects.filter(source=translation_source).exists()
    overridable = set(translation_source.overridablesegment_set.values_list("context__path", flat=True))
    assert overridable == {"title", "publisher", "url"}


def test_a_source_note_is_translated_and_shown_after_the_source(client, spanish_site, spanish):
    source = SourceFactory(title="Breast cancer facts", note="Summary for patients.")
    translation_source, _ = TranslationSource.get_or_create_from_instance(source)
    segment = StringSegment.objects.select_related("string", "context").get(source=translation_source)
    assert (segment.context.path, segment.string.data) == ("note", "Summary for patients.")
    StringTranslation.objects.create(
        translation_of=segment.string, locale=spanish, context=segment.context, data="Resumen para pacientes."
    )
    translation_source.create_or_update_translation(spanish)
    article = ConditionArticlePageFactory(
        parent=spanish_site["section"], body=[("paragraph", f"<p>A {cite(source)}</p>")]
    )
    spanish_article = translate_page(article, "Artículo")
    spanish_entry = soup(client.get(spanish_article.url)).find("li", id="source-1")
    assert " ".join(spanish_entry.text.split()).endswith("Resumen para pacientes. ↩")
    assert "Summary for patients." in soup(client.get(article.url)).find("li", id="source-1").text


# Pages in Spanish, with English as fallback --------------------------------------------------


@pytest.fixture
def spanish_site(home, spanish):
    home_es = translate_page(home, "Inicio")
    section = ConditionIndexPageFactory(parent=home, title="Metastatic breast cancer")
    translate_page(section, "Cáncer de seno metastásico")
    topics_page = TopicIndexPageFactory(parent=home)
    topics_page_es = translate_page(topics_page, "Temas")
    treatment = HealthTopicFactory(name="Treatment", slug="treatment", description="How it is treated.")
    research = HealthTopicFactory(name="Research", slug="research")
    tratamiento = translate_snippet(
        treatment, name="Tratamiento", slug="tratamiento", description="Cómo se trata."
    )
    return {
        "home_es": home_es,
        "section": section,
        "topics_page": topics_page,
        "topics_page_es": topics_page_es,
        "treatment": treatment,
        "research": research,
        "tratamiento": tratamiento,
    }


def test_a_spanish_article_lists_spanish_topics_else_english_and_links_spanish_topic_pages(
    client, spanish_site
):
    article = ConditionArticlePageFactory(parent=spanish_site["section"], title="Stage IV")
    article.topics.set([spanish_site["treatment"], spanish_site["research"]])
    article.save_revision().publish()
    spanish_article = translate_page(article, "Estadio IV")
    # The translation keeps its source's (English) topics...
    assert set(spanish_article.topics.all()) == {spanish_site["treatment"], spanish_site["research"]}
    # ...and shows each in Spanish when translated.
    topics = soup(client.get(spanish_article.url)).find("p", class_="topics")
    links = [(a.text, a["href"]) for a in topics.find_all("a")]
    assert links == [("Research", "/es/topics/research/"), ("Tratamiento", "/es/topics/tratamiento/")]

    english = soup(client.get(article.url)).find("p", class_="topics")
    assert [(a.text, a["href"]) for a in english.find_all("a")] == [
        ("Research", "/topics/research/"),
        ("Treatment", "/topics/treatment/"),
    ]


def test_translating_a_page_with_wagtail_localize_keeps_the_topics_and_shows_them_in_spanish(
    client, spanish_site, spanish, django_capture_on_commit_callbacks
):
    """wagtail-localize leaves many-to-many fields alone: a new translation is a copy, so its
    topics are the English snippets, and without `TOPICS_FOLLOW_THE_SOURCE` an update would
    keep them whatever the source's became. Pages match topics by translation key, so the
    Spanish page shows the Spanish topics either way."""
    article = ConditionArticlePageFactory(parent=spanish_site["section"], title="Stage IV")
    article.topics.set([spanish_site["treatment"]])
    article.save_revision().publish()
    source, _ = TranslationSource.get_or_create_from_instance(article)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        translated, created = source.create_or_update_translation(spanish, fallback=True)
    assert created
    translated = Page.objects.get(pk=translated.pk).specific
    assert list(translated.topics.all()) == [spanish_site["treatment"]]
    topics = soup(client.get(translated.url)).find("p", class_="topics")
    assert [a.text for a in topics.find_all("a")] == ["Tratamiento"]

    # The source gets another topic; "Sync translated pages" brings it to the translation.
    article.topics.add(spanish_site["research"])
    article.save_revision().publish()
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(spanish, fallback=True)
    translated = type(translated).objects.get(pk=translated.pk)
    assert set(translated.topics.all()) == {spanish_site["treatment"], spanish_site["research"]}
    topics = soup(client.get(translated.url)).find("p", class_="topics")
    assert [a.text for a in topics.find_all("a")] == ["Research", "Tratamiento"]

    # Tagged with the Spanish topic instead (an editor's choice): the same pages and listings.
    translated.topics.set([spanish_site["tratamiento"]])
    translated.save_revision().publish()
    assert [a.text for a in soup(client.get(translated.url)).find("p", class_="topics").find_all("a")] == [
        "Tratamiento"
    ]
    topic_page = soup(client.get(spanish_site["topics_page_es"].url + "tratamiento/"))
    assert [a.text for a in topic_page.find("main").select("li a")] == [translated.title]


@pytest.mark.parametrize("kind", ["article", "perspective"])
def test_removing_every_topic_from_the_source_removes_them_from_the_translation_on_update(
    client, spanish_site, spanish, django_capture_on_commit_callbacks, kind
):
    """wagtail-localize's own copy skips an empty many-to-many list; `TOPICS_FOLLOW_THE_SOURCE`
    copies it, so the Spanish page stops showing (and being listed under) the old topic."""
    if kind == "article":
        page = ConditionArticlePageFactory(parent=spanish_site["section"], title="Stage IV")
    else:
        index_page = PerspectiveIndexPageFactory(parent=spanish_site["section"].get_parent())
        page = PerspectivePageFactory(parent=index_page, title="On treatment")
        translate_page(index_page, "Perspectivas de Komen")
    page.topics.set([spanish_site["treatment"]])
    page.save_revision().publish()
    source, _ = TranslationSource.get_or_create_from_instance(page)
    with django_capture_on_commit_callbacks(execute=True):
        translated, _ = source.create_or_update_translation(spanish, fallback=True)
    translated = type(page).objects.get(pk=translated.pk)
    assert list(translated.topics.all()) == [spanish_site["treatment"]]

    page.topics.set([])
    page.save_revision().publish()
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(spanish, fallback=True)
    translated = type(page).objects.get(pk=translated.pk)
    assert list(translated.topics.all()) == []
    assert translated.get_latest_revision_as_object().topics.count() == 0
    assert soup(client.get(translated.url)).find("p", class_="topics") is None
    topic_page = soup(client.get(spanish_site["topics_page_es"].url + "tratamiento/"))
    assert translated.title not in topic_page.find("main").text

    # Topics given back to the source come back to the translation (the whole list each time).
    page.topics.set([spanish_site["research"]])
    page.save_revision().publish()
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(spanish, fallback=True)
    translated = type(page).objects.get(pk=translated.pk)
    assert list(translated.topics.all()) == [spanish_site["research"]]


def test_the_spanish_topics_page_lists_spanish_topics_with_english_fallback(client, spanish_site):
    page = soup(client.get(spanish_site["topics_page_es"].url))
    assert [h.text for h in page.find("main").find_all("h2")] == ["Research", "Tratamiento"]
    assert "Cómo se trata." in page.text
    english = soup(client.get(spanish_site["topics_page"].url))
    assert [h.text for h in english.find("main").find_all("h2")] == ["Research", "Treatment"]


def test_a_spanish_topic_page_lists_spanish_articles_and_perspectives(client, spanish_site):
    treatment = spanish_site["treatment"]
    article = ConditionArticlePageFactory(parent=spanish_site["section"], title="Stage IV")
    article.topics.set([treatment])
    article.save_revision().publish()
    spanish_article = translate_page(article, "Estadio IV")
    perspectives = PerspectiveIndexPageFactory(parent=spanish_site["section"].get_parent())
    perspective = PerspectivePageFactory(parent=perspectives, title="On treatment")
    perspective.topics.set([treatment])
    perspective.save_revision().publish()
    translate_page(perspectives, "Perspectivas de Komen")
    spanish_perspective = translate_page(perspective, "Sobre el tratamiento")

    page = soup(client.get(spanish_site["topics_page_es"].url + "tratamiento/"))
    assert page.h1.text.strip() == "Tratamiento"
    titles = [a.text for a in page.find("main").select("li a")]
    assert titles == [spanish_article.title, spanish_perspective.title]
    english = soup(client.get(spanish_site["topics_page"].url + "treatment/"))
    assert [a.text for a in english.find("main").select("li a")] == ["Stage IV", "On treatment"]

    # The English slug under /es/ (the language switcher, an old link) goes to the Spanish one;
    # a topic without a Spanish version is shown in English; an unknown slug is a 404.
    response = client.get(spanish_site["topics_page_es"].url + "treatment/")
    assert response.status_code == 302 and response["Location"] == "/es/topics/tratamiento/"
    response = client.get(spanish_site["topics_page"].url + "tratamiento/")
    assert response.status_code == 302 and response["Location"] == "/topics/treatment/"
    assert soup(client.get(spanish_site["topics_page_es"].url + "research/")).h1.text.strip() == "Research"
    assert client.get(spanish_site["topics_page_es"].url + "nothing-here/").status_code == 404


def test_the_spanish_topic_page_costs_the_same_queries_for_more_pages(
    client, spanish_site, django_assert_max_num_queries
):
    def tagged_translation(n):
        article = ConditionArticlePageFactory(parent=spanish_site["section"], title=f"Article {n}")
        article.topics.set([spanish_site["treatment"]])
        article.save_revision().publish()
        translate_page(article, f"Artículo {n}")

    url = spanish_site["topics_page_es"].url + "tratamiento/"
    tagged_translation(0)
    client.get(url)
    _, few = count_queries(client.get, url)
    for n in range(1, 8):
        tagged_translation(n)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert len(soup(response).find("main").select("li a")) == 8


def test_the_spanish_perspective_filter_works_by_the_spanish_slug(client, spanish_site):
    treatment = spanish_site["treatment"]
    perspectives = PerspectiveIndexPageFactory(parent=spanish_site["section"].get_parent())
    tagged = PerspectivePageFactory(parent=perspectives, title="On treatment")
    tagged.topics.set([treatment])
    tagged.save_revision().publish()
    PerspectivePageFactory(parent=perspectives, title="Untagged")
    perspectives_es = translate_page(perspectives, "Perspectivas de Komen")
    spanish_tagged = translate_page(tagged, "Sobre el tratamiento")
    translate_page(perspectives.get_children().last().specific, "Sin tema")

    listing = soup(client.get(perspectives_es.url))
    assert [a.text for a in listing.select("nav.filters a") if "topic=" in a.get("href", "")] == [
        "Tratamiento"
    ]
    filtered = client.get(perspectives_es.url + "?topic=tratamiento")
    text = soup(filtered).find("main").text
    assert spanish_tagged.title in text and "Sin tema" not in text
    # The perspective's own topic links use the Spanish slug.
    own = soup(client.get(spanish_tagged.url)).find("p", class_="topics").find("a")
    assert (own.text, own["href"]) == ("Tratamiento", perspectives_es.url + "?topic=tratamiento")
    assert client.get(perspectives_es.url + "?topic=nothing").status_code == 404


def test_citations_on_a_spanish_article_show_the_spanish_source_with_the_same_numbers(client, spanish_site):
    first = SourceFactory(title="Cancer statistics", publisher="ACS", year=2026)
    second = SourceFactory(title="Breast Cancer Treatment (PDQ)", publisher="National Cancer Institute")
    translate_snippet(
        second,
        title="Tratamiento del cáncer de seno (PDQ)",
        publisher="Instituto Nacional del Cáncer",
        url="https://www.cancer.gov/espanol/tipos/seno/paciente/tratamiento-seno-pdq",
    )
    article = ConditionArticlePageFactory(
        parent=spanish_site["section"],
        body=[("paragraph", f"<p>A {cite(first)} B {cite(second)} C {cite(first)}</p>")],
    )
    spanish_article = translate_page(article, "Artículo")

    def entries(page):
        sources = soup(client.get(page.url)).find("section", class_="sources")
        return [
            (li["id"], li.find("a").text if li.find("a") else li.text.strip())
            for li in sources.find_all("li")
        ]

    spanish_entries = entries(spanish_article)
    assert spanish_entries[0][0] == "source-1" and "Cancer statistics" in str(spanish_entries[0])
    assert spanish_entries[1] == ("source-2", "Tratamiento del cáncer de seno (PDQ)")
    page = soup(client.get(spanish_article.url))
    assert "Instituto Nacional del Cáncer" in page.find("section", class_="sources").text
    assert [a.text for a in page.select("sup.citation a")] == ["1", "2", "1"]
    english_page = soup(client.get(article.url))
    assert "Breast Cancer Treatment (PDQ)" in english_page.find("section", class_="sources").text
    assert "Tratamiento" not in english_page.find("section", class_="sources").text


# Demo -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_has_spanish_topics_and_sources_and_loads_twice(client):
    call_command("load_demo_content", stdout=StringIO())
    call_command("load_demo_content", stdout=StringIO())  # idempotent: nothing made twice
    spanish = Locale.objects.get(language_code="es")
    assert set(HealthTopic.objects.filter(locale=spanish).values_list("slug", flat=True)) == {
        "cancer-de-seno-metastasico",
        "tratamiento",
        "apoyo",
        "investigacion",
    }
    assert Source.objects.filter(locale=spanish).count() == 3
    topics = soup(client.get("/es/temas/"))
    assert "Tratamiento" in [h.text for h in topics.find("main").find_all("h2")]
    article = soup(client.get("/es/metastatic-breast-cancer/metastatic-breast-cancer-stage-iv/"))
    assert [a.text for a in article.find("p", class_="topics").find_all("a")] == [
        "Cáncer de seno metastásico",
        "Tratamiento",
    ]
    sources = article.find("section", class_="sources").text
    assert "Datos estadísticos del cáncer: cáncer de seno femenino" in sources and "En inglés." in sources
    assert "Annals of Oncology" in sources
    assert client.get("/es/temas/tratamiento/").status_code == 200


def test_the_page_editor_offers_the_topics_in_the_page_language_and_those_it_has(admin_client, spanish_site):
    article = ConditionArticlePageFactory(parent=spanish_site["section"], title="Stage IV")
    article.topics.set([spanish_site["treatment"]])
    article.save_revision().publish()
    spanish_article = translate_page(article, "Estadio IV")

    def offered(page_id):
        form = soup(admin_client.get(f"/admin/pages/{page_id}/edit/"))
        boxes = form.select('input[name="topics"]')
        return {int(box["value"]): box.has_attr("checked") for box in boxes}

    t = spanish_site
    assert offered(article.pk) == {t["treatment"].pk: True, t["research"].pk: False}
    assert offered(spanish_article.pk) == {t["treatment"].pk: True, t["tratamiento"].pk: False}
    add = soup(
        admin_client.get(f"/admin/pages/add/pages/conditionarticlepage/{spanish_article.get_parent().pk}/")
    )
    assert {int(box["value"]) for box in add.select('input[name="topics"]')} == {t["tratamiento"].pk}


def test_the_spanish_perspectives_feed_gives_spanish_topic_categories(client, spanish_site):
    perspectives = PerspectiveIndexPageFactory(parent=spanish_site["section"].get_parent())
    perspective = PerspectivePageFactory(parent=perspectives, title="On treatment")
    perspective.topics.set([spanish_site["treatment"], spanish_site["research"]])
    perspective.save_revision().publish()
    perspectives_es = translate_page(perspectives, "Perspectivas de Komen")
    translate_page(perspective, "Sobre el tratamiento")
    feed = ElementTree.fromstring(client.get(perspectives_es.url + "feed/").content)
    assert [c.text for c in feed.find("channel/item").findall("category")] == ["Research", "Tratamiento"]
    english = ElementTree.fromstring(client.get(perspectives.url + "feed/").content)
    assert [c.text for c in english.find("channel/item").findall("category")] == ["Research", "Treatment"]
