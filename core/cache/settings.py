"""Site settings read once per generation from the shared cache instead of once per request.

Every page shows the organization name and the helpline (footer, helpline boxes), and Wagtail
reads each setting from the database on every request. Settings listed in
PAGE_CACHE_SITEWIDE_MODELS replace the generation when saved (core/cache/signals.py), so an
entry under the current generation is never stale.
"""

import copy

from django.conf import settings
from django.db import transaction

from . import pagecache


class SharedCacheSettingMixin:
    """Put it before BaseSiteSetting: `for_site` (and so `for_request` and the `settings`
    template variable) reads the shared cache first. The setting's own row is cached, with
    whatever its `prepare_for_shared_cache()` loads (the helpline's hours), so a render reads
    none of them from the database."""

    @classmethod
    def for_site(cls, site):
        if (
            site is None
            or not pagecache.enabled()
            or cls._meta.label not in settings.PAGE_CACHE_SITEWIDE_MODELS
        ):
            return super().for_site(site)
        key = pagecache.value_key("setting", cls._meta.label, site.pk)
        instance, generation = pagecache.lookup_value(key)
        if instance is not None:
            # The local tier hands the same object to every request of this process, and
            # for_request attaches the request to it.
            return copy.copy(instance)
        instance = super().for_site(site)
        prepare = getattr(instance, "prepare_for_shared_cache", None)
        if prepare is not None:
            prepare()
        pagecache.store_value(key, generation, instance)
        return copy.copy(instance)

    @classmethod
    def forget_shared_cache(cls, site_id):
        """Drop the cached setting now: what `prepare_for_shared_cache` loaded with it (the
        helpline's hours) changes in rows of its own, whose saves call this (the generation
        they replace on commit covers the rest)."""
        if pagecache.enabled():
            pagecache.forget_value(pagecache.value_key("setting", cls._meta.label, site_id))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        type(self).forget_shared_cache(self.site_id)


class OwnKeySettingMixin:
    """For a setting that no cached page shows but every render of some uncached pages reads
    (forums.ForumSettings on board and topic pages): `for_site` reads it from the shared cache
    under a key of its own, which saving the setting deletes, so a change purges no page. What
    its `prepare_for_shared_cache()` loads is cached with it (the forum's guidelines page).

    A render that read the old row just before the save commits may put it back: the entry
    lives `OWN_KEY_SECONDS` at most, so such a race is undone within a minute.

    Like the page cache's local tier (`pagecache.local`, per thread), each thread keeps the entry
    it read for PAGE_CACHE_LOCAL_SECONDS (1 s in production; 0 in tests and development: Redis on
    every read): a save shows at once in the thread that made it and within that window in the
    other threads and processes (issue 15: the Redis round trip and the unpickling, ~0.9 ms of
    every board page)."""

    OWN_KEY_SECONDS = 60

    @classmethod
    def _own_key(cls, site_id):
        return pagecache.value_key("own-setting", cls._meta.label, site_id)

    @classmethod
    def for_site(cls, site):
        if site is None or not pagecache.enabled():
            return super().for_site(site)
        key = cls._own_key(site.pk)

        def read():
            instance = pagecache.cache().get(key)
            if instance is None:
                instance = super(OwnKeySettingMixin, cls).for_site(site)
                prepare = getattr(instance, "prepare_for_shared_cache", None)
                if prepare is not None:
                    prepare()
                pagecache.cache().set(key, instance, cls.OWN_KEY_SECONDS)
            return instance

        return copy.copy(pagecache.local.own_setting(key, read))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        key = self._own_key(self.site_id)

        def forget():
            pagecache.local.own_settings.pop(key, None)
            pagecache.cache().delete(key)

        transaction.on_commit(forget)
