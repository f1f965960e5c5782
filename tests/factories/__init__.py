from .pages import (
    ConditionArticlePageFactory,
    ConditionIndexPageFactory,
    HomePageFactory,
    PerspectiveIndexPageFactory,
    PerspectivePageFactory,
    SourceFactory,
    StandardPageFactory,
    TopicFactory,
    TopicIndexPageFactory,
)

# Every concrete page type must have a factory here (checked by tests/pages/test_models.py).
PAGE_FACTORIES = {
    factory._meta.model: factory
    for factory in [
        HomePageFactory,
        StandardPageFactory,
        ConditionIndexPageFactory,
        ConditionArticlePageFactory,
        PerspectiveIndexPageFactory,
        PerspectivePageFactory,
        TopicIndexPageFactory,
    ]
}

__all__ = [
    "PAGE_FACTORIES",
    "ConditionArticlePageFactory",
    "ConditionIndexPageFactory",
    "HomePageFactory",
    "PerspectiveIndexPageFactory",
    "PerspectivePageFactory",
    "SourceFactory",
    "StandardPageFactory",
    "TopicFactory",
    "TopicIndexPageFactory",
]
