import pytest
from django.core.cache import cache

from forums.models import BoardVisibility
from tests.factories.forums import BoardPageFactory, ForumIndexPageFactory, MemberFactory


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


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client
