from .pages import HomePageFactory, StandardPageFactory
from .resources import AudienceLandingPageFactory, ResourceIndexPageFactory

# Every concrete page type must have a factory here (checked by tests/pages/test_models.py).
PAGE_FACTORIES = {
    HomePageFactory._meta.model: HomePageFactory,
    StandardPageFactory._meta.model: StandardPageFactory,
    ResourceIndexPageFactory._meta.model: ResourceIndexPageFactory,
    AudienceLandingPageFactory._meta.model: AudienceLandingPageFactory,
}
