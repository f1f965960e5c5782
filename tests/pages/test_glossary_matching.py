"""Term matching (pages/glossary.py): plain values, no database."""

from bs4 import BeautifulSoup

from core.blocks import SectionAnchors
from pages.glossary import Entry, Glossary, split_forms

MBC = Entry(
    key=1,
    term="Metastatic breast cancer",
    slug="metastatic-breast-cancer",
    definition="Cancer that has spread beyond the breast.",
    variants=("stage IV breast cancer",),
    abbreviations=("MBC",),
)
BIOPSY = Entry(key=2, term="Biopsy", slug="biopsy", definition="A tissue sample.", variants=("biopsies",))
HER2 = Entry(
    key=3,
    term="HER2-positive",
    slug="her2-positive",
    definition="Too much HER2 protein.",
    abbreviations=("HER2+",),
)
NED = Entry(
    key=4,
    term="No evidence of disease",
    slug="no-evidence-of-disease",
    definition="No sign.",
    abbreviations=("NED",),
)
NODE = Entry(key=5, term="Lymph node", slug="lymph-node", definition="A gland.", variants=("lymph nodes",))
ENTRIES = [MBC, BIOPSY, HER2, NED, NODE]


def glossary():
    return Glossary(ENTRIES, "/glossary/")


def defined(html):
    """(text used, href) of every marked term."""
    soup = BeautifulSoup(html, "html.parser")
    return [(dfn.get_text(), dfn.a["href"]) for dfn in soup.select(".glossary-term dfn")]


def test_term_matches_in_any_case_and_first_use_only():
    g = glossary()
    html = g.annotate("<p>METASTATIC BREAST CANCER is also called metastatic breast cancer.</p>")
    assert defined(html) == [("METASTATIC BREAST CANCER", "/glossary/#term-metastatic-breast-cancer")]
    # Later fragments of the same page do not mark it again, whatever form they use.
    assert defined(g.annotate("<p>Metastatic breast cancer, or MBC.</p>")) == []


def test_plurals_and_variants_match_whole_words():
    g = glossary()
    assert defined(g.annotate("<p>Two biopsies were taken.</p>")) == [("biopsies", "/glossary/#term-biopsy")]
    g = glossary()
    assert defined(g.annotate("<p>Biopsyx and abiopsy are not words.</p>")) == []


def test_longest_form_wins():
    g = glossary()
    assert defined(g.annotate("<p>Cancer in the lymph nodes.</p>")) == [
        ("lymph nodes", "/glossary/#term-lymph-node")
    ]


def test_abbreviations_match_in_their_exact_case():
    g = glossary()
    html = g.annotate("<p>Ned said he was NED, with HER2+ cancer and MBC.</p>")
    assert defined(html) == [
        ("NED", "/glossary/#term-no-evidence-of-disease"),
        ("HER2+", "/glossary/#term-her2-positive"),
        ("MBC", "/glossary/#term-metastatic-breast-cancer"),
    ]
    g = glossary()
    assert defined(g.annotate("<p>mbc and her2+ in lower case.</p>")) == []


def test_abbreviation_with_plus_needs_its_plus():
    entry = Entry(key=9, term="HER2", slug="her2", definition="A protein.", abbreviations=("HER2",))
    g = Glossary([entry, HER2], "/glossary/")
    assert defined(g.annotate("<p>HER2+ tumors.</p>")) == [("HER2+", "/glossary/#term-her2-positive")]


def test_never_inside_headings_links_citations_or_existing_definitions():
    g = glossary()
    html = g.annotate(
        "<h3>Biopsy</h3>"
        '<p><a href="/x/">a biopsy</a> <sup class="citation"><a href="#source-1">MBC</a></sup> '
        '<citation source="1">MBC</citation> <abbr title="x">NED</abbr> <dfn>lymph node</dfn> '
        "<b>HER2+</b></p>"
    )
    assert defined(html) == [("HER2+", "/glossary/#term-her2-positive")]
    # Skipped terms stay available for their first real use.
    assert defined(g.annotate("<p>After the biopsy.</p>")) == [("biopsy", "/glossary/#term-biopsy")]


def test_marks_text_after_a_skipped_element_and_keeps_the_html():
    g = glossary()
    source = '<p>See <a href="/a/?x=1&amp;y=2">this</a> &amp; the biopsy &lt;result&gt;.</p>'
    html = g.annotate(source)
    assert defined(html) == [("biopsy", "/glossary/#term-biopsy")]
    assert '<a href="/a/?x=1&amp;y=2">this</a> &amp; the ' in html
    assert "&lt;result&gt;.</p>" in html


def test_definition_is_a_hidden_panel_linked_to_the_entry():
    html = glossary().annotate("<p>A biopsy.</p>")
    soup = BeautifulSoup(html, "html.parser")
    link = soup.select_one("dfn a.glossary-term__link")
    panel = soup.find(id=link["data-glossary-definition"])
    assert panel.has_attr("hidden")
    assert "A tissue sample." in panel.get_text()
    assert panel.find("a", href="/glossary/#term-biopsy").get_text() == "Biopsy in the glossary"


def test_definitions_and_terms_are_escaped():
    evil = Entry(
        key=7,
        term="<img src=x onerror=alert(1)>",
        slug="evil",
        definition='<script>alert("x")</script>',
        variants=("pathology",),
    )
    html = Glossary([evil], "/glossary/").annotate("<p>A pathology report.</p>")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_a_term_that_looks_like_markup_is_matched_as_text():
    entry = Entry(key=8, term="A&B", slug="a-b", definition="Two letters.")
    html = Glossary([entry], "/glossary/").annotate("<p>Compare A&amp;B today.</p>")
    assert defined(html) == [("A&B", "/glossary/#term-a-b")]


def test_nothing_without_terms_or_glossary_page():
    assert Glossary([], "/glossary/").annotate("<p>A biopsy.</p>") == "<p>A biopsy.</p>"
    assert Glossary(ENTRIES, None).annotate("<p>A biopsy.</p>") == "<p>A biopsy.</p>"


def test_split_forms():
    assert split_forms(" biopsies,needle  biopsy\nbiopsies ,") == ["biopsies", "needle biopsy"]


def test_section_anchors_are_slugs_with_suffixes_for_repeats():
    anchors = SectionAnchors()
    assert [anchors.next(text) for text in ["Treatment", "Survival", "Treatment", "", "main"]] == [
        "treatment",
        "survival",
        "treatment-2",
        "section",
        "main-2",
    ]
