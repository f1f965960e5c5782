from .affiliates import AffiliateLocatorPageFactory, AffiliatePageFactory
from .pages import HomePageFactory, StandardPageFactory

# Every concrete page type must have a factory here (checked by tests/pages/test_models.py).
PAGE_FACTORIES = {
    HomePageFactory._meta.model: HomePageFactory,
    StandardPageFactory._meta.model: StandardPageFactory,
    AffiliateLocatorPageFactory._meta.model: AffiliateLocatorPageFactory,
    AffiliatePageFactory._meta.model: AffiliatePageFactory,
}
