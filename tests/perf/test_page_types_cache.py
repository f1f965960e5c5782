"""The page cache with every page type: what is stored, for how long, and what never is."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.models import Site

from core.cache import pagecache
from demo.factories import (
    AffiliateLocatorPageFactory,
    AffiliatePageFactory,
    BoardPageFactory,
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    ForumIndexPageFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    ResourceIndexPageFactory,
)
from demo.factories.forums import MemberFactory, TopicFactory
from demo.factories.resources import ResourceFactory
from resources import helpline
from resources.models import HelplineHours, HelplineSettings

UTC = dt.UTC
ET = ZoneInfo("America/New_York")
WEEKDAYS_9_TO_10 = [(day, dt.time(9), dt.time(22)) for day in range(5)]


def get(client, path, **extra):
    response = client.get(path, **extra)
    return response, response.get("X-Cache")


def control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


# --- The helpline's "Open now": cached only until it changes --------------------------------


@pytest.mark.parametrize(
    "now, until",
    [
        # Open Monday 9:50 p.m. ET: until closing at 10 p.m.
        (dt.datetime(2026, 3, 9, 21, 50, tzinfo=ET), dt.datetime(2026, 3, 9, 22, 0, tzinfo=ET)),
        # Closed Monday 8 a.m.: until it opens at 9 a.m.
        (dt.datetime(2026, 3, 9, 8, 0, tzinfo=ET), dt.datetime(2026, 3, 9, 9, 0, tzinfo=ET)),
        # Closed Monday 11 p.m. ("Opens tomorrow"): until midnight, when it becomes "today".
        (dt.datetime(2026, 3, 9, 23, 0, tzinfo=ET), dt.datetime(2026, 3, 10, 0, 0, tzinfo=ET)),
        # Closed Friday 11 p.m. ("Opens Monday"): until midnight too (Saturday reads the same,
        # but a midnight refresh is cheap and keeps the rule simple).
        (dt.datetime(2026, 3, 13, 23, 0, tzinfo=ET), dt.datetime(2026, 3, 14, 0, 0, tzinfo=ET)),
    ],
)
def test_helpline_status_knows_when_its_sentence_changes(now, until):
    status = helpline.status(WEEKDAYS_9_TO_10, now)
    assert status.valid_until == until
    just_before = helpline.status(WEEKDAYS_9_TO_10, until - dt.timedelta(seconds=1))
    at_change = helpline.status(WEEKDAYS_9_TO_10, until)
    assert just_before.sentence == status.sentence
    assert at_change.sentence != status.sentence or until.hour == 0


def test_helpline_without_hours_never_changes():
    assert helpline.status([], dt.datetime(2026, 3, 9, 12, tzinfo=ET)).valid_until is None


@pytest.fixture
def helpline_page(home, site):
    setting = HelplineSettings.for_site(site)
    setting.save()
    for day, opens, closes in WEEKDAYS_9_TO_10:
        HelplineHours.objects.create(setting=setting, weekday=day, opens=opens, closes=closes)
    return ResourceIndexPageFactory(
        parent=home, intro=[("helpline", {"heading": "Talk to someone", "text": "", "show_hours": True})]
    )


class Clock:
    """Moves Django's clock and the page cache's wall clock together."""

    def __init__(self, monkeypatch, start):
        self.now = start
        self.offset = 0.0
        real_wall = pagecache.wall_clock
        monkeypatch.setattr(timezone, "now", lambda: self.now)
        monkeypatch.setattr(pagecache, "wall_clock", lambda: real_wall() + self.offset)

    def advance(self, seconds):
        self.now += dt.timedelta(seconds=seconds)
        self.offset += seconds


def test_helpline_pages_are_cached_only_until_open_now_changes(
    client, page_cache, helpline_page, monkeypatch
):
    clock = Clock(monkeypatch, dt.datetime(2026, 3, 9, 21, 50, tzinfo=ET).astimezone(UTC))
    first, state = get(client, helpline_page.url)
    assert state == "MISS" and "Open now until 10:00 p.m. ET" in first.content.decode()
    # The CDN may keep it for the 10 minutes left, and must not serve it stale after that.
    assert {"public", "max-age=0", "s-maxage=300"} <= control(first)
    assert not any(part.startswith("stale-while-revalidate") for part in control(first))

    clock.advance(540)  # 9:59 p.m.: still open, served from the cache with 60 s left for a CDN
    second, state = get(client, helpline_page.url)
    assert state == "HIT" and second.content == first.content
    # (less the real time the test itself took)
    assert {"s-maxage=60", "s-maxage=59"} & control(second)

    clock.advance(61)  # 10:00:01 p.m.: the stored copy has expired, the page says "Closed"
    third, state = get(client, helpline_page.url)
    assert state == "MISS"
    text = third.content.decode()
    assert "Closed now. Opens tomorrow at 9:00 a.m. ET" in text and "Open now" not in text
    assert get(client, helpline_page.url)[1] == "HIT"


def test_helpline_lifetime_also_bounds_the_local_tier(
    client, page_cache, helpline_page, monkeypatch, settings
):
    settings.PAGE_CACHE_LOCAL_SECONDS = 3600
    pagecache.local.reset()
    clock = Clock(monkeypatch, dt.datetime(2026, 3, 9, 21, 59, 30, tzinfo=ET).astimezone(UTC))
    assert get(client, helpline_page.url)[1] == "MISS"
    assert get(client, helpline_page.url)[1] == "HIT"
    clock.advance(31)
    response, state = get(client, helpline_page.url)
    assert state == "MISS" and "Closed now" in response.content.decode()


def test_pages_without_time_dependent_content_keep_the_full_lifetime(client, page_cache, home):
    first, state = get(client, "/")
    assert state == "MISS" and "stale-while-revalidate=60" in first["Cache-Control"]


# --- Locator: results page and JSON API cached per full URL ------------------------------------


@pytest.fixture
def locator(home):
    page = AffiliateLocatorPageFactory(parent=home, title="Find your local Affiliate", slug="affiliates")
    AffiliatePageFactory(parent=page, title="Komen Iowa", slug="komen-iowa", service_states="IA")
    AffiliatePageFactory(
        parent=page,
        title="Komen Nebraska",
        slug="komen-nebraska",
        service_states="NE",
        city="Omaha",
        zip="68102",
    )
    return page


def test_locator_results_are_cached_per_full_url(client, page_cache, locator):
    iowa, state = get(client, f"{locator.url}?q=50309")
    assert state == "MISS" and "Komen Iowa" in iowa.content.decode()
    nebraska, state = get(client, f"{locator.url}?q=68102")
    assert state == "MISS"
    assert "Komen Nebraska" in nebraska.content.decode() and nebraska.content != iowa.content
    again, state = get(client, f"{locator.url}?q=50309")
    assert state == "HIT" and again.content == iowa.content
    assert get(client, f"{locator.url}?q=68102")[0].content == nebraska.content
    # The empty form is its own entry too.
    assert get(client, locator.url)[1] == "MISS"


def test_locator_api_is_cached_per_query_and_errors_are_not(client, page_cache, locator, publish):
    url = "/api/affiliates/locate?zip=50309"
    first, state = get(client, url)
    assert state == "MISS" and first["Cache-Control"] == "max-age=300"
    names = [a["name"] for a in json.loads(first.content)["serving"]]
    assert names == ["Komen Iowa"]
    second, state = get(client, url)
    assert state == "HIT" and second.content == first.content
    other, state = get(client, "/api/affiliates/locate?zip=68102")
    assert state == "MISS" and json.loads(other.content)["serving"][0]["name"] == "Komen Nebraska"
    for _ in range(2):
        bad, state = get(client, "/api/affiliates/locate?zip=nope")
        assert bad.status_code == 400 and state is None
    # Publishing an affiliate purges the cached answer.
    iowa = locator.get_children().get(slug="komen-iowa").specific
    iowa.title = "Komen Greater Iowa"
    publish(iowa)
    fresh, state = get(client, url)
    assert state == "MISS" and json.loads(fresh.content)["serving"][0]["name"] == "Komen Greater Iowa"


# --- Resource library filters --------------------------------------------------------------------


def test_resource_library_filters_are_cached_per_url_and_purged_on_change(client, page_cache, home, publish):
    from resources.models import Language

    library = ResourceIndexPageFactory(parent=home)
    ResourceFactory(title="Caring at home")
    ResourceFactory(title="Cuidado en casa", language=Language.SPANISH)
    english, state = get(client, f"{library.url}?language=en")
    spanish, state2 = get(client, f"{library.url}?language=es")
    assert (state, state2) == ("MISS", "MISS")
    assert "Caring at home" in english.content.decode() and "Cuidado en casa" not in english.content.decode()
    assert "Cuidado en casa" in spanish.content.decode() and "Caring at home" not in spanish.content.decode()
    assert get(client, f"{library.url}?language=es")[1] == "HIT"
    # A new resource (a snippet) purges every page: it shows at once.
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        ResourceFactory(title="Otra hoja", language=Language.SPANISH)
    fresh, state = get(client, f"{library.url}?language=es")
    assert state == "MISS" and "Otra hoja" in fresh.content.decode()


# --- Articles and perspectives: publishing shows at once ------------------------------------------


def test_published_article_change_is_visible_immediately(client, page_cache, home, publish):
    section = ConditionIndexPageFactory(parent=home)
    article = ConditionArticlePageFactory(parent=section, title="Stage IV", summary="First summary.")
    assert get(client, article.url)[1] == "MISS"
    assert get(client, section.url)[1] == "MISS"
    assert get(client, article.url)[1] == "HIT"
    article.title = "Stage IV (metastatic) breast cancer"
    publish(article)
    page, state = get(client, article.url)
    assert state == "MISS" and "Stage IV (metastatic) breast cancer" in page.content.decode()
    listing, state = get(client, section.url)
    assert state == "MISS" and "Stage IV (metastatic) breast cancer" in listing.content.decode()


def test_perspective_publish_purges_index_year_and_feed(client, page_cache, home, publish):
    index = PerspectiveIndexPageFactory(parent=home)
    PerspectivePageFactory(parent=index, title="On screening", posting_date=dt.date(2026, 5, 1))
    year_url = index.url + index.reverse_subpage("year", kwargs={"year": "2026"})
    feed_url = index.url + index.reverse_subpage("feed")
    for url in (index.url, year_url, feed_url):
        assert get(client, url)[1] == "MISS", url
        assert get(client, url)[1] == "HIT", url
    # A year with nothing in it is a 404, never stored.
    assert get(client, index.url + "1999/")[0].status_code == 404
    assert get(client, index.url + "1999/")[1] is None

    new = PerspectivePageFactory.build(title="On clinical trials", posting_date=dt.date(2026, 6, 1))
    index.add_child(instance=new)
    publish(new)
    for url in (index.url, year_url, feed_url):
        response, state = get(client, url)
        assert state == "MISS", url
        assert "On clinical trials" in response.content.decode(), url


# --- Forums and member pages: never stored -------------------------------------------------------


def test_forum_and_member_pages_are_never_cached(client, page_cache, home):
    board = BoardPageFactory(parent=ForumIndexPageFactory(parent=home), title="Newly Diagnosed")
    topic = TopicFactory(board=board, title="First week")
    member = MemberFactory(display_name="Maple")
    # Board and topic pages: anonymous copies by forums.anon_pages (tests/forums/test_anon_pages.py),
    # never by the middleware, and never kept by a browser or CDN. (The forum settings row exists
    # first: its creation by a first render replaces the every-board number, as any insert does.)
    from forums.models import ForumSettings

    ForumSettings.for_site(Site.objects.get(is_default_site=True))
    for url in (board.url, topic.url):
        for expected in ("MISS", "HIT"):
            response, state = get(client, url)
            assert state == expected, url
            assert "private" in control(response), url
    for url in (
        f"{board.url}search/?q=week",
        f"/members/{member.pk}/",
        "/members/join/",
    ):
        for _ in range(2):
            response, state = get(client, url)
            assert state is None, url
            assert "private" in control(response), url
    # A new post shows at once, with no purge involved.
    from forums.models import Post

    Post.objects.create(topic=topic, board=board, author=member.user, body="Welcome, you are not alone.")
    assert "Welcome, you are not alone." in client.get(topic.url).content.decode()
    # Signed in, nothing is shared either, and the member gets no shared copy of public pages.
    client.force_login(member.user)
    for url in (board.url, topic.url, "/members/profile/", "/"):
        response, state = get(client, url)
        assert state is None and {"private", "no-store"} <= control(response), url
