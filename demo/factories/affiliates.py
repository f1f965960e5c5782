import factory
import wagtail_factories

from affiliates.models import AffiliateLocatorPage, AffiliatePage


class AffiliateLocatorPageFactory(wagtail_factories.PageFactory):
    title = "Find your local Affiliate"
    slug = "find-your-local-affiliate"
    intro = "Search by ZIP code, city or state."

    class Meta:
        model = AffiliateLocatorPage


class AffiliatePageFactory(wagtail_factories.PageFactory):
    """An Iowa affiliate in Des Moines by default; pass service_* fields for its area."""

    title = factory.Sequence(lambda n: f"Komen Affiliate {n}")
    slug = factory.Sequence(lambda n: f"affiliate-{n}")
    phone = "(515) 555-0142"
    email = factory.Sequence(lambda n: f"affiliate{n}@example.org")
    website = "https://example.org/"
    street = "1200 Grand Avenue"
    city = "Des Moines"
    state = "IA"
    zip = "50309"
    latitude = None
    longitude = None
    service_states = ""
    service_counties = ""
    service_zips = ""

    class Meta:
        model = AffiliatePage
