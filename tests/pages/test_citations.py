from bs4 import BeautifulSoup
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from demo.factories import ConditionArticlePageFactory, ConditionIndexPageFactory, SourceFactory
from pages.citations import CitationIndex, cited_source_ids, strip_citations
from pages.models import Source
from tests.utils import count_queries


def cite(source, label="x"):
    return f'<citation source="{source.pk}">[{label}]</citation>'


def test_numbering_follows_first_use_and_reuses_numbers(db):
    a, b, c = SourceFactory(), SourceFactory(), SourceFactory()
    html = [f"<p>One {cite(b)} two {cite(a)}</p>", f"<p>Again {cite(b)} then {cite(c)}</p>"]
    index = CitationIndex(html, Source)
    assert [(e.number, e.source) for e in index.sources] == [(1, b), (2, a), (3, c)]
    rendered = "".join(index.render(fragment) for fragment in html)
    soup = BeautifulSoup(rendered, "html.parser")
    assert [s.a.text for s in soup.find_all("sup")] == ["1", "2", "1", "3"]
    assert [s.a["href"] for s in soup.find_all("sup")] == ["#source-1", "#source-2", "#source-1", "#source-3"]
    assert index.entries[b.pk].references == ["cite-1-1", "cite-1-2"]
    assert "[x]" not in rendered


def test_deleted_or_unknown_sources_are_dropped(db):
    kept, gone = SourceFactory(), SourceFactory()
    gone_id = gone.pk
    gone.delete()
    html = f'<p>A <citation source="{gone_id}">[old]</citation> B {cite(kept)}</p>'
    index = CitationIndex([html], Source)
    assert [e.number for e in index.sources] == [1]
    assert "[old]" not in index.render(html)


def test_strip_and_parse_helpers():
    html = '<p>x <citation source="7">[a]</citation> y <citation source="3">[b]</citation></p>'
    assert cited_source_ids(html) == [7, 3]
    assert strip_citations(html) == "<p>x  y </p>"


def test_editor_format_round_trips_through_draftail():
    converter = ContentstateConverter(features=["bold", "citation"])
    html = '<p data-block-key="a1">Claim <citation source="12">[Study]</citation> text.</p>'
    contentstate = converter.from_database_format(html)
    assert '"type": "CITATION"' in contentstate and '"source": "12"' in contentstate
    back = converter.to_database_format(contentstate)
    assert '<citation source="12">[Study]</citation>' in back


def _article_with_citations(home, sources, repeats=1):
    section = ConditionIndexPageFactory(parent=home)
    paragraphs = [("paragraph", f"<p>Fact {cite(s)} and again {cite(s)}.</p>") for s in sources] * repeats
    stats = [("statistic", {"figure": "34%", "description": f"<p>lived 5+ years {cite(sources[0])}</p>"})]
    return ConditionArticlePageFactory(parent=section, body=paragraphs + stats)


def test_article_renders_sources_with_back_links(client, home):
    sources = [SourceFactory(title="First study"), SourceFactory(title="Second study", doi="10.1000/xyz")]
    article = _article_with_citations(home, sources)
    html = BeautifulSoup(client.get(article.url).content, "html.parser")
    section = html.find("section", class_="sources")
    assert section.h2.text == "Article sources"
    items = section.find_all("li")
    assert [li["id"] for li in items] == ["source-1", "source-2"]
    assert "First study" in items[0].text and "Second study" in items[1].text
    assert items[1].find("a", href="https://doi.org/10.1000/xyz")
    backs = [a["href"] for a in items[0].find_all("a", class_="sources__back")]
    assert backs == ["#cite-1-1", "#cite-1-2", "#cite-1-3"]
    for anchor in backs:
        assert html.find(id=anchor.lstrip("#")) is not None


def test_article_query_count_does_not_grow_with_citations(client, home, django_assert_max_num_queries):
    small = _article_with_citations(home, [SourceFactory()])
    big = _article_with_citations(home, [SourceFactory() for _ in range(15)], repeats=3)
    client.get(small.url)
    _, few = count_queries(client.get, small.url)
    with django_assert_max_num_queries(few):
        response = client.get(big.url)
    assert response.status_code == 200
    assert len(BeautifulSoup(response.content, "html.parser").select("section.sources li")) == 15
