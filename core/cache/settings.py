"""Site settings read once per generation from the shared cache instead of once per request.

Every page shows the organization name and the helpline (footer, helpline boxes), and Wagtail
reads each setting from the database on every request. Settings listed in
PAGE_CACHE_SITEWIDE_MODELS replace the generation when saved (core/cache/signals.py), so an
entry under the current generation is never stale.
"""

import copy

from django.conf import settings

from . import pagecache


class SharedCacheSettingMixin:
    """Put it before BaseSiteSetting: `for_site` (and so `for_request` and the `settings`
    template variable) reads the shared cache first. Only the setting's own row is cached:
    related rows (the helpline's hours) are read when used, once per request."""

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
        pagecache.store_value(key, generation, instance)
        return copy.copy(instance)
