"""Renditions made once, when an image is saved, rather than on a page view under load.

IMAGE_RENDITION_SPECS lists the filter specs our templates use; `pregenerate_renditions`
backfills images that existed before a spec was added."""

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def specs():
    return list(getattr(settings, "IMAGE_RENDITION_SPECS", []))


def pregenerate(image):
    wanted = specs()
    if not wanted or not image.file:
        return {}
    return image.get_renditions(*wanted)


def pregenerate_on_commit(image):
    def run():
        try:
            pregenerate(image)
        except Exception:
            # A broken upload must not fail the save; the template tag will retry on view.
            logger.exception("Could not pre-generate renditions for image %s", image.pk)

    transaction.on_commit(run)
