from .forums import BoardPageFactory, ForumIndexPageFactory
from .pages import HomePageFactory, StandardPageFactory

# Every concrete page type must have a factory here (checked by tests/pages/test_models.py).
PAGE_FACTORIES = {
    HomePageFactory._meta.model: HomePageFactory,
    StandardPageFactory._meta.model: StandardPageFactory,
    ForumIndexPageFactory._meta.model: ForumIndexPageFactory,
    BoardPageFactory._meta.model: BoardPageFactory,
}
