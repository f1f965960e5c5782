import factory
import wagtail_factories

from pages.models import HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Support for everyone facing breast cancer"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Information page {n}")
    intro = "A short introduction."
    listing_summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}")

    class Meta:
        model = StandardPage
