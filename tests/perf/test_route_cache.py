"""The path → page map (core/cache/routing.py) and the shared site settings (core/cache/settings.py):
fewer queries per uncached render, and nothing served that publishing, moving, deleting or a
view restriction has changed."""

import datetime as dt
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from demo.factories import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HealthTopicFactory,
    SourceFactory,
    StandardPageFactory,
)
from demo.factories.forums import BoardPageFactory, ForumIndexPageFactory, PostFactory
from pages.models import SiteSettings
from resources.models import HelplineHours, HelplineSettings

ET = ZoneInfo("America/New_York")


@pytest.fixture
def rendering_cache(page_cache):
    """The shared cache on, whole pages off: every request renders, as `make bench`'s uncached server."""
    with override_settings(PAGE_CACHE_WHOLE_PAGES=False):
        yield


def queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def article(home):
    section = ConditionIndexPageFactory(parent=home, slug="section")
    return ConditionArticlePageFactory(parent=section, slug="stage-iv", title="Stage IV")


def test_a_page_three_levels_deep_is_routed_in_one_query(client, rendering_cache, article):
    first, walked = queries(client, article.url)
    assert first.status_code == 200
    response, replayed = queries(client, article.url)
    assert response.status_code == 200 and "Stage IV" in response.content.decode()
    assert response.content == first.content
    # No tree walk (the child-by-slug queries), one read of the specific page by id.
    assert not [sql for sql in replayed if '"wagtailcore_page"."slug" =' in sql]
    assert len([sql for sql in replayed if f'"page_ptr_id" = {article.pk}' in sql]) == 1
    assert not [sql for sql in replayed if 'FROM "wagtailcore_site"' in sql]
    assert not [sql for sql in replayed if '"wagtailcore_pageviewrestriction"' in sql]
    assert len(replayed) <= len(walked) - 5


def test_settings_are_read_once_per_generation_and_saving_them_shows_at_once(
    client, rendering_cache, home, django_capture_on_commit_callbacks
):
    client.get("/")
    _, replayed = queries(client, "/")
    assert not [sql for sql in replayed if "pages_sitesettings" in sql or "resources_helplinesettings" in sql]
    settings = SiteSettings.for_site(home.get_site())
    settings.organization_name = "Komen Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    assert "Komen Renamed" in client.get("/").content.decode()
    helpline = HelplineSettings.objects.get(site=home.get_site())
    helpline.display_number = "1-800-000-0000"
    with django_capture_on_commit_callbacks(execute=True):
        helpline.save()
    assert "1-800-000-0000" in client.get("/").content.decode()


def test_unpublished_page_is_not_served_from_the_map(
    client, rendering_cache, article, django_capture_on_commit_callbacks
):
    assert client.get(article.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get("/section/stage-iv/").status_code == 404


def test_moved_and_renamed_pages_route_by_their_new_path(
    client, rendering_cache, home, article, publish, django_capture_on_commit_callbacks
):
    old_url = article.url
    assert client.get(old_url).status_code == 200
    other = ConditionIndexPageFactory(parent=home, slug="other")
    with django_capture_on_commit_callbacks(execute=True):
        article.move(other, pos="last-child")
    # Wagtail's automatic redirect, not the page from a stale map entry.
    moved = client.get(old_url)
    assert moved.status_code == 301 and moved["Location"] == "/other/stage-iv/"
    assert client.get("/other/stage-iv/").status_code == 200

    article.refresh_from_db()
    article.slug = "stage-four"
    publish(article)
    renamed = client.get("/other/stage-iv/")
    assert renamed.status_code == 301 and renamed["Location"] == "/other/stage-four/"
    assert client.get("/other/stage-four/").status_code == 200


def test_a_new_page_at_a_mapped_path_is_the_one_served(
    client, rendering_cache, home, django_capture_on_commit_callbacks
):
    first = StandardPageFactory(parent=home, slug="about", title="First about")
    assert "First about" in client.get("/about/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert client.get("/about/").status_code == 404
    StandardPageFactory(parent=home, slug="about", title="Second about")
    assert "Second about" in client.get("/about/").content.decode()


def test_a_restriction_added_after_routing_is_enforced(
    client, rendering_cache, article, django_capture_on_commit_callbacks
):
    assert client.get(article.url).status_code == 200
    section = article.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=section, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.create(name="Reviewers only")])
    response = client.get(article.url)
    assert response.status_code == 302 and "login" in response["Location"]
    # And the map keeps enforcing it: the restricted entry is never replayed without the check.
    assert client.get(article.url).status_code == 302


def cite(source):
    return f'<citation source="{source.pk}">[{source.title}]</citation>'


def rich_article(section, sources, slug="rich"):
    body = [("paragraph", f"<p>Known {cite(source)}.</p>") for source in sources]
    body += [
        ("helpline", {"heading": "Talk to someone", "text": "", "show_hours": True}),
        ("learn_more", {"page": section, "text": "More about this condition"}),
    ]
    return ConditionArticlePageFactory(parent=section, slug=slug, title="Rich article", body=body)


@pytest.fixture
def open_weekdays(home):
    setting = HelplineSettings.for_site(home.get_site())
    setting.save()
    for day in range(5):
        HelplineHours.objects.create(setting=setting, weekday=day, opens=dt.time(9), closes=dt.time(22))


def test_article_body_is_cached_by_revision_with_the_helpline_status_kept_live(
    client, rendering_cache, home, open_weekdays, publish, monkeypatch
):
    section = ConditionIndexPageFactory(parent=home, slug="section")
    article = rich_article(section, [SourceFactory(title="Study A"), SourceFactory(title="Study B")])
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 9, 21, 50, tzinfo=ET))
    first = client.get(article.url).content.decode()
    assert "Open now until 10:00 p.m. ET" in first
    assert 'href="#source-2"' in first and "Study B" in first and 'href="#cite-2-1"' in first

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 9, 22, 5, tzinfo=ET))
    _, replayed = queries(client, article.url)
    assert not [sql for sql in replayed if "pages_source" in sql], "the sources list comes with the body"
    later = client.get(article.url).content.decode()
    assert "Closed now" in later and "Open now" not in later
    # Everything else is the same HTML, citations and back-links included.
    assert 'href="#cite-2-1"' in later and "More about this condition" in later

    article.body = [("paragraph", "<p>Rewritten after review.</p>")]
    publish(article)
    text = client.get(article.url).content.decode()
    assert "Rewritten after review." in text and "Study A" not in text


def test_page_query_budgets_do_not_grow_with_content(
    client, rendering_cache, home, open_weekdays, django_assert_max_num_queries
):
    section = ConditionIndexPageFactory(parent=home, slug="section")
    topics = [HealthTopicFactory() for _ in range(3)]
    article = rich_article(section, [SourceFactory() for _ in range(2)])
    article.topics.set(topics)
    article.save_revision().publish()
    home.featured = [("featured_page", {"page": section, "heading": "", "summary": ""})]
    home.save_revision().publish()
    for path in ("/", article.url):
        client.get(path)
    with django_assert_max_num_queries(8):
        assert client.get(article.url).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200

    # Ten times the sources, related articles and featured cards: the same budgets.
    more = rich_article(section, [SourceFactory() for _ in range(20)], slug="richer")
    more.topics.set(topics)
    more.save_revision().publish()
    for _ in range(10):
        ConditionArticlePageFactory(parent=section).topics.set(topics)
    home.featured = [
        ("featured_page", {"page": page, "heading": "", "summary": ""}) for page in section.get_children()
    ]
    home.save_revision().publish()
    for path in ("/", more.url):
        client.get(path)
    with django_assert_max_num_queries(8):
        assert client.get(more.url).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def test_a_routable_pages_sub_route_is_routed_from_the_map_and_unpublishing_still_hides_it(
    client, rendering_cache, home, django_capture_on_commit_callbacks
):
    forums = ForumIndexPageFactory(parent=home, slug="boards")
    board = BoardPageFactory(parent=forums, slug="newly-diagnosed")
    topic = PostFactory(topic__board=board, topic__title="First weeks").topic
    first, walked = queries(client, topic.url)
    assert first.status_code == 200 and "First weeks" in first.content.decode()
    response, replayed = queries(client, topic.url)
    assert response.status_code == 200 and "First weeks" in response.content.decode()
    assert not [sql for sql in replayed if '"wagtailcore_page"."slug" =' in sql]
    assert not [sql for sql in replayed if 'FROM "wagtailcore_site"' in sql]
    assert len(replayed) < len(walked)
    # Another topic of the same board has its own entry: the sub-route is resolved again.
    other = PostFactory(topic__board=board, topic__title="Scan anxiety").topic
    client.get(other.url)
    assert "Scan anxiety" in client.get(other.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        board.unpublish()
    assert client.get(topic.url).status_code == 404


def test_a_page_known_unrestricted_has_no_restrictions_without_compiling_a_query(
    home, django_assert_num_queries
):
    page = StandardPageFactory(parent=home, title="Open to all")
    page.known_unrestricted = True
    compiled = []
    with (
        django_assert_num_queries(0),
        patch.object(SQLCompiler, "as_sql", side_effect=lambda *a, **k: compiled.append(1)),
    ):
        restrictions = page.get_view_restrictions()
        assert list(restrictions) == [] and not restrictions.exists() and len(restrictions) == 0
    assert compiled == []
    assert list(page.get_view_restrictions().filter(restriction_type=PageViewRestriction.PASSWORD)) == []
    page.known_unrestricted = False  # a page the route cache did not vouch for: Wagtail's query
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert [r.restriction_type for r in page.get_view_restrictions()] == [PageViewRestriction.LOGIN]
