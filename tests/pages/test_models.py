import pytest
from wagtail.models import Page, get_page_models

from demo.factories import PAGE_FACTORIES, StandardPageFactory
from pages.models import HomePage, StandardPage


def test_every_page_type_has_a_factory():
    ours = {
        model
        for model in get_page_models()
        if model._meta.app_label in {"pages", "resources", "affiliates", "forums"}
    }
    assert ours - set(PAGE_FACTORIES) == set()


def test_every_page_type_declares_description_and_search_fields():
    for model in PAGE_FACTORIES:
        assert model.page_description, model
        assert model.search_fields, model


def test_home_page_only_at_root_and_only_once(home):
    root = Page.get_first_root_node()
    assert HomePage.allowed_parent_page_models() == [Page]
    assert HomePage.max_count == 1
    assert not HomePage.can_create_at(root)  # one exists already
    assert not HomePage.can_create_at(home)


def test_standard_page_can_live_under_home_and_itself(home):
    about = StandardPageFactory(parent=home, title="About")
    assert StandardPage.can_create_at(home)
    assert StandardPage.can_create_at(about)
    assert StandardPage.allowed_subpage_models() == [StandardPage]


@pytest.mark.django_db
def test_meta_title_and_description_fall_back(home):
    page = StandardPageFactory(parent=home, title="About", listing_summary="Who we are")
    assert page.get_meta_title() == "About"
    assert page.get_meta_description() == "Who we are"
    page.seo_title, page.search_description = "About Komen", "Meta text"
    assert page.get_meta_title() == "About Komen"
    assert page.get_meta_description() == "Meta text"
