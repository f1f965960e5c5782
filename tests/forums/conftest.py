import os
import uuid

import pytest
from django.core.cache import cache, caches
from django.test import Client, override_settings
from wagtail.models import Site

from core.cache import pagecache, shells
from demo.factories.forums import PASSWORD, BoardPageFactory, ForumIndexPageFactory, MemberFactory
from forums.models import BoardVisibility


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters live in the cache; every test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def forum(home):
    return ForumIndexPageFactory(parent=home)


@pytest.fixture
def board(forum):
    return BoardPageFactory(parent=forum, title="Newly Diagnosed", slug="newly-diagnosed")


@pytest.fixture
def private_board(forum):
    return BoardPageFactory(
        parent=forum, title="Living with MBC", slug="living-with-mbc", visibility=BoardVisibility.MEMBERS
    )


@pytest.fixture
def member(db):
    return MemberFactory(display_name="Maple")


@pytest.fixture
def other_member(db):
    return MemberFactory(display_name="River")


def signed_in(member):
    """A new test client signed in as `member` (for pages read by several members in one test)."""
    client = Client()
    client.force_login(member.user)
    return client


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


def reauthenticate(client, password=PASSWORD):
    """Re-enter the password the way a member does before a destructive account action."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


@pytest.fixture
def reauthenticated_client(member_client):
    """A signed-in member who re-entered their password just now (delete, export, email)."""
    return reauthenticate(member_client)


@pytest.fixture
def other_board(forum):
    return BoardPageFactory(parent=forum, title="Life After Treatment", slug="life-after-treatment")


@pytest.fixture
def moderator(board):
    from demo.factories.forums import make_moderator

    return make_moderator(board, "ModAlex")


@pytest.fixture
def other_moderator(other_board):
    from demo.factories.forums import make_moderator

    return make_moderator(other_board, "ModBea")


@pytest.fixture
def lead(db):
    from demo.factories.forums import make_lead_moderator

    return make_lead_moderator("LeadCasey")


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator.user)
    return client


@pytest.fixture
def topic_with_mod(board, moderator):
    """A topic on `board` and a client signed in as the board's moderator."""
    from django.test import Client

    from demo.factories.forums import TopicFactory

    client = Client()
    client.force_login(moderator.user)
    return TopicFactory(board=board), client


@pytest.fixture
def shared_cache(home):
    """The shared cache on for fragments, settings and routes, whole pages off."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"queries-{uuid.uuid4().hex}",
        }
    }
    pagecache.local.reset()
    with override_settings(CACHES=caches, PAGE_CACHE_ENABLED=True, PAGE_CACHE_WHOLE_PAGES=False):
        Site.clear_site_root_paths_cache()
        yield
    Site.clear_site_root_paths_cache()
    pagecache.local.reset()


@pytest.fixture
def redis_cache(home):
    """The real Redis `make test` starts as the shared cache (fragments, settings, routes),
    whole pages off, under a key prefix of its own."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL is not set: run the suite with `make test` (scripts/with-redis starts Redis).")
    redis = {
        "BACKEND": "core.cache.backends.TolerantRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": f"t-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": redis}, PAGE_CACHE_ENABLED=True, PAGE_CACHE_WHOLE_PAGES=False):
        pagecache.local.reset()
        Site.clear_site_root_paths_cache()
        yield caches["default"]
    Site.clear_site_root_paths_cache()
    pagecache.local.reset()


@pytest.fixture
def copies_on(redis_cache, local_copies):
    """The shared cache in Redis and its local tier on, as in production."""
    return local_copies


@pytest.fixture
def fills(monkeypatch):
    """How many pages were rendered from a shell (the real `fill`, counted)."""
    calls = []
    real = shells.fill

    def counted(*args, **kwargs):
        calls.append(args[1][0])
        return real(*args, **kwargs)

    monkeypatch.setattr(shells, "fill", counted)
    return calls
