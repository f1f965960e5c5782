"""Wagtail's database search backend with PostgreSQL text-search configurations per language.

The database backend keeps one index row per object (`IndexEntry`, unique per object), so two
backends with different `SEARCH_CONFIG`s would overwrite each other's rows: the last to index
an object would decide its stemming. Here every object is indexed with the configuration of its
own language (a page's or a translatable snippet's locale: Spanish pages with `spanish`), and a
backend's `SEARCH_CONFIG` only decides how queries are parsed. Settings declare one backend per
language (`default` for English, `es` for Spanish, same `LANGUAGE_CONFIGS`); the site search
picks the visitor's (`backend_for_language`) and keeps results to the visitor's locale.

On SQLite (`make run` without PostgreSQL) the stock database backend is used unchanged.
"""

from collections import defaultdict
from copy import copy

from django.conf import settings
from django.db import connection
from modelsearch.backends import database
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchBackend
from wagtail.models import Locale


def backend_for_language(language_code):
    """The name of the search backend whose queries are parsed in this language."""
    if language_code != "default" and language_code in settings.WAGTAILSEARCH_BACKENDS:
        return language_code
    return "default"


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks a backend module's class up by
    if connection.vendor != "postgresql":
        return database.SearchBackend(params)
    return LocalizedPostgresSearchBackend(params)


class LocalizedPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        by_config = defaultdict(list)
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            by_config[self.backend.config_for_language(language)].append(obj)
        for config, group in by_config.items():
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)


class LocalizedPostgresSearchBackend(PostgresSearchBackend):
    index_class = LocalizedPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = params.get("LANGUAGE_CONFIGS", {})

    def config_for_language(self, language_code):
        """Objects without a language (members' posts, resources) use the English stemming."""
        return (
            self.language_configs.get(language_code)
            or self.language_configs.get(settings.LANGUAGE_CODE)
            or self.config
        )

    def with_config(self, config):
        backend = copy(self)
        backend.config = config
        return backend
