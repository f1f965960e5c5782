"""The glossary: terms, the A–Z page and its abbreviations, terms defined in articles, and the
"On this page" contents list."""

import pytest
from django.urls import reverse

from core.cache.purge import page_urls
from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    ForumIndexPageFactory,
    GlossaryPageFactory,
    GlossaryTermFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    StandardPageFactory,
)
from pages.models import GlossaryPage, GlossaryTerm
from tests.utils import count_queries, soup


@pytest.fixture
def glossary(home):
    return GlossaryPageFactory(parent=home)


@pytest.fixture
def terms(db):
    return {
        "mbc": GlossaryTermFactory(
            term="Metastatic breast cancer",
            abbreviations="MBC",
            variants="stage IV breast cancer",
            definition="Breast cancer that has spread beyond the breast.",
        ),
        "biopsy": GlossaryTermFactory(
            term="Biopsy", variants="biopsies", definition="Taking a tissue sample."
        ),
        "her2": GlossaryTermFactory(term="HER2-positive", abbreviations="HER2+", definition="Too much HER2."),
        "ned": GlossaryTermFactory(
            term="No evidence of disease", abbreviations="NED", definition="No sign of it."
        ),
    }


def article_body():
    return [
        ("heading", {"text": "What is a biopsy?", "level": "h2"}),
        ("paragraph", "<p>A biopsy is how MBC is confirmed. Most biopsies are quick.</p>"),
        ("heading", {"text": "Results", "level": "h2"}),
        (
            "paragraph",
            '<p>A <a href="https://example.org/">HER2+ result</a> means HER2+ cancer. NED is rare.</p>',
        ),
        ("heading", {"text": "Next steps", "level": "h2"}),
        ("paragraph", "<p>Metastatic breast cancer is treated for life.</p>"),
    ]


def article(home, **kwargs):
    section = ConditionIndexPageFactory(parent=home)
    kwargs.setdefault("body", article_body())
    return ConditionArticlePageFactory(parent=section, **kwargs)


def defined_terms(html):
    return [(dfn.get_text(), dfn.a["href"]) for dfn in html.select("article .glossary-term dfn")]


# Terms in articles


def test_first_use_of_each_term_is_defined_once_outside_headings_and_links(client, glossary, terms):
    page = article(glossary.get_parent())
    html = soup(client.get(page.url))
    assert defined_terms(html) == [
        ("biopsy", "/glossary/#term-biopsy"),
        ("MBC", "/glossary/#term-metastatic-breast-cancer"),
        ("HER2+", "/glossary/#term-her2-positive"),
        ("NED", "/glossary/#term-no-evidence-of-disease"),
    ]
    assert not html.select("h2 .glossary-term, a .glossary-term")
    panel = html.find(id=html.select_one("a.glossary-term__link")["data-glossary-definition"])
    assert panel.has_attr("hidden") and "Taking a tissue sample." in panel.get_text()
    assert html.find("script", src="/static/pages/js/glossary.js")


def test_glossary_entry_anchors_exist_on_the_glossary_page(client, glossary, terms):
    page = article(glossary.get_parent())
    hrefs = {href for _, href in defined_terms(soup(client.get(page.url)))}
    glossary_html = soup(client.get(glossary.url))
    for href in hrefs:
        assert glossary_html.find(id=href.split("#")[1]) is not None


def test_editors_can_switch_terms_off_per_article(client, glossary, terms):
    page = article(glossary.get_parent(), mark_glossary_terms=False)
    html = soup(client.get(page.url))
    assert defined_terms(html) == []
    assert not html.find("script", src="/static/pages/js/glossary.js")


def test_perspectives_define_terms_too(client, glossary, terms):
    index = PerspectiveIndexPageFactory(parent=glossary.get_parent())
    perspective = PerspectivePageFactory(parent=index, body=[("paragraph", "<p>Living with MBC.</p>")])
    assert defined_terms(soup(client.get(perspective.url))) == [
        ("MBC", "/glossary/#term-metastatic-breast-cancer")
    ]


def test_no_glossary_page_means_no_markup(client, home, terms):
    page = article(home)
    assert defined_terms(soup(client.get(page.url))) == []


def test_definitions_are_escaped(client, glossary):
    GlossaryTermFactory(
        term="Biopsy",
        definition='<script>alert("definition")</script><img src=x onerror=alert(1)>',
        variants='"><script>alert(2)</script>',
    )
    response = client.get(article(glossary.get_parent()).url)
    text = response.content.decode()
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(&quot;definition&quot;)" in text


def test_article_query_count_does_not_grow_with_terms(client, glossary, terms, django_assert_max_num_queries):
    page = article(glossary.get_parent())
    client.get(page.url)
    _, few = count_queries(client.get, page.url)
    for n in range(40):
        GlossaryTermFactory(term=f"Word{n}", abbreviations=f"W{n}")
    with django_assert_max_num_queries(few):
        response = client.get(page.url)
    assert len(defined_terms(soup(response))) == 4


# "On this page"


def test_contents_list_links_to_every_h2_section(client, home):
    page = article(home)
    html = soup(client.get(page.url))
    nav = html.find("nav", attrs={"aria-label": "On this page"})
    links = [(a.get_text(), a["href"]) for a in nav.find_all("a")]
    assert links == [
        ("What is a biopsy?", "#what-is-a-biopsy"),
        ("Results", "#results"),
        ("Next steps", "#next-steps"),
    ]
    for _, href in links:
        heading = html.find(id=href[1:])
        assert heading.name == "h2" and heading["tabindex"] == "-1"


def test_contents_list_needs_three_sections_and_lists_h2_only(client, home):
    page = article(
        home,
        body=[
            ("heading", {"text": "One", "level": "h2"}),
            ("heading", {"text": "Detail", "level": "h3"}),
            ("heading", {"text": "Two", "level": "h2"}),
        ],
    )
    assert soup(client.get(page.url)).find("nav", class_="on-this-page") is None


def test_anchors_are_unique_and_stable_when_content_changes(client, home):
    body = [
        ("heading", {"text": "Treatment", "level": "h2"}),
        ("heading", {"text": "Treatment", "level": "h2"}),
        ("heading", {"text": "Sources", "level": "h2"}),
    ]
    page = article(home, body=body)
    anchors = [a["href"] for a in soup(client.get(page.url)).select("nav.on-this-page a")]
    assert anchors == ["#treatment", "#treatment-2", "#sources"]
    # A paragraph added before the sections changes no anchor.
    page.body = [("paragraph", "<p>New introduction.</p>"), *body]
    page.save_revision().publish()
    html = soup(client.get(page.url))
    assert [a["href"] for a in html.select("nav.on-this-page a")] == anchors
    assert len(html.find_all(id="sources-heading")) <= 1


# The glossary page


def test_glossary_lists_terms_by_letter_with_jump_links(client, glossary, terms):
    html = soup(client.get(glossary.url))
    letters = html.find("nav", attrs={"aria-label": "Glossary letters"})
    assert [a["href"] for a in letters.find_all("a")] == ["#letter-b", "#letter-h", "#letter-m", "#letter-n"]
    assert letters.find(string="Z") is not None
    for href in ("#letter-b", "#letter-h", "#letter-m", "#letter-n"):
        assert html.find(id=href[1:]).name == "h2"
    entry = html.find(id="term-metastatic-breast-cancer")
    assert entry.dfn.get_text() == "Metastatic breast cancer"
    assert "(MBC)" in entry.get_text() and "stage IV breast cancer" in entry.get_text()


def test_glossary_learn_more_link_only_to_live_pages(client, glossary):
    live = StandardPageFactory(parent=glossary.get_parent(), title="All about biopsies")
    draft = StandardPageFactory(parent=glossary.get_parent(), title="Draft page")
    draft.unpublish()
    GlossaryTermFactory(term="Biopsy", learn_more_page=live)
    GlossaryTermFactory(term="Mammogram", learn_more_page=draft)
    html = soup(client.get(glossary.url))
    links = html.select(".learn-more a")
    assert [a.get_text() for a in links] == ["Learn more: All about biopsies"]
    assert links[0]["data-print-url"].startswith("http")


def test_glossary_search_works_without_js(client, glossary, terms):
    html = soup(client.get(glossary.url, {"q": "tissue"}))
    form = html.find("form", class_="glossary-search")
    assert form["method"] == "get" and form.find("label", attrs={"for": "glossary-q"})
    assert [dfn.get_text() for dfn in html.select(".glossary-list dfn")] == ["Biopsy"]
    assert "1 term matches" in html.find(role="status").get_text()
    assert html.find(id="glossary-q")["value"] == "tissue"
    # Abbreviations and variants are searched too.
    html = soup(client.get(glossary.url, {"q": "her2+"}))
    assert [dfn.get_text() for dfn in html.select(".glossary-list dfn")] == ["HER2-positive"]


def test_glossary_search_empty_state_and_hostile_input(client, glossary, terms):
    response = client.get(glossary.url, {"q": '<script>alert("q")</script>'})
    assert response.status_code == 200
    text = response.content.decode()
    assert '<script>alert("q")' not in text and "&lt;script&gt;" in text
    html = soup(response)
    assert "0 terms match" in html.find(role="status").get_text()
    assert html.find(string=lambda s: "Check the spelling" in s)
    for q in ("\x00biopsy", "b" * 5000, "%"):
        response = client.get(glossary.url, {"q": q})
        assert response.status_code == 200
    assert b"Biopsy" in client.get(glossary.url, {"q": "\x00biopsy"}).content


def test_empty_glossary(client, glossary):
    html = soup(client.get(glossary.url))
    assert "There are no terms in the glossary yet." in html.get_text()


def test_glossary_page_queries_are_constant(client, glossary, terms, django_assert_max_num_queries):
    target = StandardPageFactory(parent=glossary.get_parent())
    client.get(glossary.url)
    _, few = count_queries(client.get, glossary.url)
    for n in range(30):
        GlossaryTermFactory(term=f"Word {n}", abbreviations=f"W{n}", learn_more_page=target)
    with django_assert_max_num_queries(few):
        response = client.get(glossary.url)
    assert len(soup(response).select(".glossary-list dfn")) == 34
    with django_assert_max_num_queries(few):
        assert client.get(glossary.url + "abbreviations/").status_code == 200


def test_both_routes_are_in_the_sitemap_and_purged_from_the_cdn(client, glossary):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/glossary/</loc>" in sitemap and "/glossary/abbreviations/</loc>" in sitemap
    assert {url for url in page_urls(glossary) if "/glossary/" in url} == {
        glossary.full_url,
        glossary.full_url + "abbreviations/",
    }


def test_glossary_page_tree_rules(home, glossary):
    assert GlossaryPage.allowed_subpage_models() == []
    assert not GlossaryPage.can_create_at(home)  # one per site


# Abbreviations used on the boards


def test_abbreviations_page_lists_terms_with_abbreviations(client, glossary, terms):
    GlossaryTermFactory(term="Triple negative breast cancer", abbreviations="TNBC, TN")
    html = soup(client.get(glossary.url + "abbreviations/"))
    assert html.h1.get_text() == "Abbreviations used on the boards"
    rows = [(tr.th.get_text(), tr.td.a["href"]) for tr in html.select("tbody tr")]
    assert rows == [
        ("HER2+", "/glossary/#term-her2-positive"),
        ("MBC", "/glossary/#term-metastatic-breast-cancer"),
        ("NED", "/glossary/#term-no-evidence-of-disease"),
        ("TN", "/glossary/#term-triple-negative-breast-cancer"),
        ("TNBC", "/glossary/#term-triple-negative-breast-cancer"),
    ]
    assert "Biopsy" not in html.get_text()


def test_abbreviations_page_empty_state(client, glossary):
    GlossaryTermFactory(term="Biopsy")
    html = soup(client.get(glossary.url + "abbreviations/"))
    assert "There are no abbreviations in the glossary yet." in html.get_text()


def test_boards_index_links_to_the_abbreviations(client, glossary):
    boards = ForumIndexPageFactory(parent=glossary.get_parent())
    html = soup(client.get(boards.url))
    link = html.find("a", string="Abbreviations used on the boards")
    assert link["href"] == "/glossary/abbreviations/"


def test_boards_index_without_glossary_has_no_link(client, home):
    boards = ForumIndexPageFactory(parent=home)
    assert b"Abbreviations used on the boards" not in client.get(boards.url).content


# The snippet and its admin


def test_slug_is_made_from_the_term_unique_and_kept_on_rename(db):
    first = GlossaryTermFactory(term="HER2+ cancer")
    assert first.slug == "her2-cancer"
    second = GlossaryTermFactory(term="HER2 cancer")
    assert second.slug == "her2-cancer-2"
    first.term = "HER2-positive cancer"
    first.save()
    first.refresh_from_db()
    assert first.slug == "her2-cancer" and first.anchor == "term-her2-cancer"


def test_admin_listing_searches_and_filters(admin_client, terms):
    url = reverse("wagtailsnippets_pages_glossaryterm:list")
    response = admin_client.get(url, {"q": "tissue"})
    assert response.status_code == 200
    assert b"Biopsy" in response.content and b"HER2-positive" not in response.content
    response = admin_client.get(url, {"has_abbreviations": "true"})
    text = response.content.decode()
    assert "HER2-positive" in text and "Biopsy" not in text
    response = admin_client.get(url, {"letter": "b"})
    text = response.content.decode()
    assert "Biopsy" in text and "HER2-positive" not in text
    assert admin_client.get(url, {"letter": "toolong", "has_abbreviations": "maybe"}).status_code == 200


def test_admin_creates_a_term(admin_client, db):
    response = admin_client.post(
        reverse("wagtailsnippets_pages_glossaryterm:add"),
        {
            "term": "Mammogram",
            "definition": "An X-ray of the breast.",
            "variants": "mammograms",
            "abbreviations": "",
            "learn_more_page": "",
            "slug": "",
        },
    )
    assert response.status_code == 302
    assert GlossaryTerm.objects.get(term="Mammogram").slug == "mammogram"
