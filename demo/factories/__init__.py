from .affiliates import AffiliateLocatorPageFactory, AffiliatePageFactory
from .forums import BoardPageFactory, ForumIndexPageFactory
from .pages import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    GlossaryPageFactory,
    GlossaryTermFactory,
    HealthTopicFactory,
    HomePageFactory,
    MedicalReviewersPageFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    SourceFactory,
    StandardPageFactory,
    TopicIndexPageFactory,
)
from .resources import AudienceLandingPageFactory, ResourceIndexPageFactory

# Every concrete page type must have a factory here (checked by tests/pages/test_models.py).
# One line per factory keeps merges simple.
PAGE_FACTORIES = {
    HomePageFactory._meta.model: HomePageFactory,
    StandardPageFactory._meta.model: StandardPageFactory,
    ConditionIndexPageFactory._meta.model: ConditionIndexPageFactory,
    ConditionArticlePageFactory._meta.model: ConditionArticlePageFactory,
    PerspectiveIndexPageFactory._meta.model: PerspectiveIndexPageFactory,
    PerspectivePageFactory._meta.model: PerspectivePageFactory,
    TopicIndexPageFactory._meta.model: TopicIndexPageFactory,
    MedicalReviewersPageFactory._meta.model: MedicalReviewersPageFactory,
    GlossaryPageFactory._meta.model: GlossaryPageFactory,
    ResourceIndexPageFactory._meta.model: ResourceIndexPageFactory,
    AudienceLandingPageFactory._meta.model: AudienceLandingPageFactory,
    ForumIndexPageFactory._meta.model: ForumIndexPageFactory,
    BoardPageFactory._meta.model: BoardPageFactory,
    AffiliateLocatorPageFactory._meta.model: AffiliateLocatorPageFactory,
    AffiliatePageFactory._meta.model: AffiliatePageFactory,
}

__all__ = [
    "PAGE_FACTORIES",
    "AffiliateLocatorPageFactory",
    "AffiliatePageFactory",
    "AudienceLandingPageFactory",
    "BoardPageFactory",
    "ForumIndexPageFactory",
    "ConditionArticlePageFactory",
    "ConditionIndexPageFactory",
    "GlossaryPageFactory",
    "GlossaryTermFactory",
    "HomePageFactory",
    "MedicalReviewersPageFactory",
    "PerspectiveIndexPageFactory",
    "PerspectivePageFactory",
    "ResourceIndexPageFactory",
    "SourceFactory",
    "StandardPageFactory",
    "HealthTopicFactory",
    "TopicIndexPageFactory",
]
