import pytest
from wagtail.models import Page, Site

from pages.models import HomePage


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
