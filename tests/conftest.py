import pytest
from django.test import override_settings
from django.utils import translation
from wagtail.models import Page, Site

from core.cache import pagecache
from pages.models import HomePage


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A test-client request to a Spanish page leaves Spanish active in the test's thread
    (LocaleMiddleware activates the request's language and nothing resets it after the
    response), which made later tests in the same worker read Spanish text. Reset it."""
    yield
    translation.deactivate()


@pytest.fixture
def home(db):
    """A HomePage as the root of the default site, like the real site."""
    root = Page.get_first_root_node()
    home = HomePage(title="Home", slug="komen", hero_heading="Support for everyone facing breast cancer")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    Site.clear_site_root_paths_cache()
    return home


@pytest.fixture
def site(home):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def database_switch(live_server):
    """Take the database away from the live server and give it back.

    `down()` points every new connection at a loopback port nothing listens on; `up()`
    restores it. Connections share one settings dict per alias, so the live server's request
    threads (a fresh connection per request in tests) see the change at once, while the real
    PostgreSQL keeps running for the rest of the suite."""
    import socket

    from django.db import connections

    settings_dict = connections.settings["default"]
    original = (settings_dict["HOST"], settings_dict["PORT"])

    class Switch:
        def down(self):
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                closed_port = sock.getsockname()[1]
            settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", str(closed_port)

        def up(self):
            settings_dict["HOST"], settings_dict["PORT"] = original

    switch = Switch()
    yield switch
    switch.up()


@pytest.fixture
def local_copies():
    """The page cache's local tier on, as in production: fragments kept in the process."""
    with override_settings(PAGE_CACHE_LOCAL_SECONDS=60):
        pagecache.local.reset()
        yield pagecache.local.fragments
    pagecache.local.reset()
