import pytest
from django.core.cache import cache

from forums.models import BoardVisibility
from tests.factories.forums import PASSWORD, BoardPageFactory, ForumIndexPageFactory, MemberFactory


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
    from tests.factories.forums import make_moderator

    return make_moderator(board, "ModAlex")


@pytest.fixture
def other_moderator(other_board):
    from tests.factories.forums import make_moderator

    return make_moderator(other_board, "ModBea")


@pytest.fixture
def lead(db):
    from tests.factories.forums import make_lead_moderator

    return make_lead_moderator("LeadCasey")


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator.user)
    return client


@pytest.fixture
def topic_with_mod(board, moderator):
    """A topic on `board` and a client signed in as the board's moderator."""
    from django.test import Client

    from tests.factories.forums import TopicFactory

    client = Client()
    client.force_login(moderator.user)
    return TopicFactory(board=board), client
