"""Issue 15, session 8: what an uncached render of a standard page, the resource library, an
article or a perspective still rendered each time and now takes from the shared cache (the
real Redis): the standard page's body and the library's intro per revision, the feedback form
per page, and the page a cached route leads to read with SQL compiled once per page type.
Each change must show at once when published, and drafts must never be served."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from wagtail.models import Page
from wagtail.rich_text import RichText

from affiliates.forms import LocatorForm
from core.cache import routing
from core.cache.templatetags.pagecache_tags import StreamFragmentNode
from demo.factories import (
    AffiliateLocatorPageFactory,
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    StandardPageFactory,
)
from demo.factories.resources import ResourceIndexPageFactory
from pages import feedback
from pages.models import ConditionArticlePage, StandardPage
from resources.models import HelplineSettings


@pytest.fixture
def rendering_redis(redis_page_cache):
    """The shared cache in the real Redis, whole pages off: every request renders."""
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        yield


def templates_of(response):
    return {template.name for template in response.templates}


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_standard_page_body_is_kept_per_revision_and_an_edit_shows_at_once(
    client, rendering_redis, home, publish
):
    page = StandardPageFactory(parent=home, slug="about", title="About us")
    page.body = [
        ("heading", {"text": "Who we are", "level": "h2"}),
        ("paragraph", RichText("<p>First words.</p>")),
    ]
    publish(page)
    first = get(client, page.url)
    assert "First words." in first.content.decode()
    assert "components/heading_block.html" in templates_of(first)
    with mock.patch.object(StreamFragmentNode, "render_child") as render_child:
        second = get(client, page.url)
    render_child.assert_not_called()  # the blocks were not rendered again
    assert "components/heading_block.html" not in templates_of(second)
    assert second.content == first.content

    page = StandardPage.objects.get(pk=page.pk)
    page.body = [("paragraph", RichText("<p>Second words.</p>"))]
    publish(page)
    text = get(client, page.url).content.decode()
    assert "Second words." in text and "First words." not in text


def test_a_draft_body_is_never_served_and_its_preview_is_fresh(
    admin_client, client, rendering_redis, home, publish
):
    page = StandardPageFactory(parent=home, slug="about", title="About us")
    page.body = [("paragraph", RichText("<p>Published words.</p>"))]
    publish(page)
    get(client, page.url)
    page.body = [("paragraph", RichText("<p>Draft words.</p>"))]
    revision = page.save_revision()
    preview = admin_client.get(f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/")
    assert preview.status_code == 200 and "Draft words." in preview.content.decode()
    text = get(client, page.url).content.decode()
    assert "Published words." in text and "Draft words." not in text


def test_library_intro_is_kept_per_revision_but_the_helpline_box_is_live(
    client, rendering_redis, home, publish
):
    library = ResourceIndexPageFactory(parent=home, slug="library")
    library.intro = [("paragraph", RichText("<p>Our fact sheets.</p>")), ("helpline", {"heading": "Call us"})]
    publish(library)
    first = get(client, library.url)
    assert "Our fact sheets." in first.content.decode() and "Call us" in first.content.decode()
    original = StreamFragmentNode.render_child
    with (
        mock.patch.object(
            StreamFragmentNode, "render_child", autospec=True, side_effect=original
        ) as render_child,
        mock.patch.object(HelplineSettings, "schedule_lines", autospec=True) as schedule_lines,
    ):
        second = get(client, library.url)
    # The paragraph came from the cache; the helpline box (open now or not) was rendered again,
    # but only its "open now" line: its number and hours are kept per generation.
    assert [call.args[1].block_type for call in render_child.call_args_list] == ["helpline"]
    schedule_lines.assert_not_called()
    assert second.content == first.content
    assert 'class="helpline-status' in second.content.decode() and "Call us" in second.content.decode()
    assert "components/helpline_block.html" in templates_of(second)
    assert second.content.decode().count("Our fact sheets.") == 1

    library.intro = [("paragraph", RichText("<p>New introduction.</p>"))]
    publish(library)
    text = get(client, library.url).content.decode()
    assert "New introduction." in text and "Our fact sheets." not in text


@pytest.mark.parametrize("factory", ["article", "standard", "library"])
def test_feedback_form_is_rendered_once_per_page_and_language(
    client, rendering_redis, home, publish, factory
):
    if factory == "article":
        page = ConditionArticlePageFactory(parent=ConditionIndexPageFactory(parent=home, slug="section"))
    elif factory == "standard":
        page = StandardPageFactory(parent=home, slug="about")
    else:
        page = ResourceIndexPageFactory(parent=home, slug="library")
    first = get(client, page.url)
    assert "pages/feedback/fields.html" in templates_of(first)
    second = get(client, page.url)
    assert "pages/feedback/fields.html" not in templates_of(second)
    assert second.content == first.content
    body = second.content.decode()
    assert f'action="/feedback/{page.pk}/"' in body and feedback.form_token(page.pk) in body
    assert "csrfmiddlewaretoken" not in body

    # Another page's form is its own (its id and token), never the first page's.
    other = StandardPageFactory(parent=home, slug="other")
    publish(other)
    text = get(client, other.url).content.decode()
    assert f'action="/feedback/{other.pk}/"' in text and feedback.form_token(other.pk) in text
    assert f'action="/feedback/{page.pk}/"' not in text


def test_routed_page_is_read_with_sql_compiled_once_per_page_type(client, rendering_redis, home, publish):
    section = ConditionIndexPageFactory(parent=home, slug="section")
    articles = [
        ConditionArticlePageFactory(parent=section, slug=f"a{n}", title=f"Article {n}") for n in range(3)
    ]
    for article in articles:
        get(client, article.url)  # routed the usual way and recorded
    with mock.patch.object(routing._PAGE_ROW, "build", wraps=routing._PAGE_ROW.build) as build:
        routing._PAGE_ROW._plans.clear()
        for article in articles:
            text = get(client, article.url).content.decode()
            assert f"<h1>{article.title}</h1>" in text
    assert build.call_count == 1  # one plan for ConditionArticlePage, run with each page's id
    page = routing._PAGE_ROW(ConditionArticlePage, page=articles[1].pk)[0]
    expected = ConditionArticlePage.objects.get(pk=articles[1].pk)
    assert type(page) is ConditionArticlePage
    assert (page.pk, page.title, page.url_path, page.live, page.summary) == (
        expected.pk,
        expected.title,
        expected.url_path,
        expected.live,
        expected.summary,
    )


def test_a_recorded_route_still_reads_the_page_fresh(client, rendering_redis, home, publish):
    section = ConditionIndexPageFactory(parent=home, slug="section")
    article = ConditionArticlePageFactory(parent=section, slug="stage-iv", title="Stage IV")
    get(client, article.url)
    get(client, article.url)
    # Changed behind the cache's back (no signal, no new generation): the fresh read still sees it.
    Page.objects.filter(pk=article.pk).update(title="Renamed quietly")
    assert "Renamed quietly" in get(client, article.url).content.decode()
    Page.objects.filter(pk=article.pk).update(live=False)
    assert client.get(article.url).status_code == 404


def test_locator_state_options_are_kept_per_chosen_state(client, rendering_redis, home):
    locator = AffiliateLocatorPageFactory(parent=home)

    def selected(query):
        response = get(client, locator.url + query)
        options = BeautifulSoup(response.content, "html.parser").select("#locator-state option")
        assert len(options) > 50  # every state, whichever way it was rendered
        return [option["value"] for option in options if option.has_attr("selected")]

    for _ in range(2):  # rendered, then from the cache
        assert selected("") == []
        assert selected("?state=IA") == ["IA"]
        assert selected("?q=Davenport&state=NE") == ["NE"]
        assert selected("?state=ZZ") == []  # not a state: rendered each time, never kept
    assert LocatorForm({"state": "ZZ"}).state_options_key() is None
    assert LocatorForm({"state": "IA"}).state_options_key() == "state=IA"
    assert LocatorForm({}).state_options_key() == "state="
