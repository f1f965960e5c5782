"""Templates are compiled once per process: the cached loader wraps the app and project
loaders (Django's default when TEMPLATES names no loaders), as in production."""

from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader


def test_templates_come_from_the_cached_loader():
    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1 and isinstance(loaders[0], CachedLoader), loaders
    first = loaders[0].get_template("forums/includes/post.html")
    assert loaders[0].get_template("forums/includes/post.html") is first
