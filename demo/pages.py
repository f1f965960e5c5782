"""Demo content for the core pages: home page and general information pages."""

from django.db import transaction
from wagtail.models import Page, Site

from demo.factories import HomePageFactory, StandardPageFactory
from demo.utils import ensure_child, rich, stream_value
from pages.models import HomePage, SiteSettings

STOCK_WELCOME_TITLE = "Welcome to your new Wagtail site!"


@transaction.atomic
def ensure_home(log):
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePageFactory(
            parent=root,
            title="Home",
            slug="komen",
            hero_heading="Support and information for everyone facing breast cancer",
            hero_text=(
                "Reliable, medically reviewed information, a free helpline, local Affiliates "
                "and a community of people who understand."
            ),
        )
        home.save_revision().publish()
        log("  created the home page")
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Komen"
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = site.site_name or "Komen"
        site.save()
        # Remove Wagtail's stock placeholder page, and only that.
        if old_root.specific_class is Page and old_root.title == STOCK_WELCOME_TITLE and old_root.is_leaf():
            old_root.delete()
    return site, home


def load(log):
    site, home = ensure_home(log)
    about, _ = ensure_child(
        home,
        StandardPageFactory,
        "about-us",
        log,
        title="About us",
        show_in_menus=True,
        listing_summary="Who we are and how we support people affected by breast cancer.",
        intro="We fund research, community health programs and advocacy, and we support people "
        "with breast cancer and the people who care for them.",
        body=stream_value(
            ("heading", {"text": "What we do", "level": "h2"}),
            (
                "paragraph",
                rich(
                    "We provide medically reviewed information about breast cancer, a free Breast Care "
                    "Helpline staffed by trained professionals, and message boards where people share "
                    "their experiences.",
                    "Our local Affiliates fund breast health programs in their communities.",
                ),
            ),
        ),
    )
    settings = SiteSettings.for_site(site)
    if not settings.footer_text:
        settings.footer_text = (
            "This site gives general information, not medical advice. Talk with your health care "
            "provider about your own situation."
        )
        settings.footer_links = stream_value(("link", {"page": about.pk, "url": "", "label": "About us"}))
        settings.save()
    return home
