from functools import cache

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import images, purge


def on_page_published(sender, instance, **kwargs):
    purge.purge_page(instance)


def on_page_unpublished(sender, instance, **kwargs):
    purge.purge_page(instance)


def on_page_moved(sender, instance, url_path_before=None, **kwargs):
    purge.purge_page(instance, old_url_path=url_path_before)


@cache
def _is_sitewide(model):
    """Models whose changes can show on any page: settings, snippets, images, and any
    model named in PAGE_CACHE_PURGE_MODELS ("app_label.ModelName")."""
    if issubclass(model, (BaseSiteSetting, BaseGenericSetting, AbstractImage, Site)):
        return True
    if model in get_snippet_models():
        return True
    extra = {apps.get_model(label) for label in getattr(settings, "PAGE_CACHE_PURGE_MODELS", [])}
    return model in extra


def on_model_saved_or_deleted(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if isinstance(instance, Page):
        # Saving a draft changes nothing visible; deleting a live page does.
        if kwargs.get("signal") is post_delete and instance.live:
            purge.purge_page(instance)
        return
    if isinstance(instance, PageViewRestriction):
        # A page (and its subtree) just became private or public again.
        purge.purge_page(instance.page)
        return
    if _is_sitewide(type(instance)):
        purge.purge_everything()


def on_image_saved(sender, instance, created=False, **kwargs):
    if not kwargs.get("raw"):
        images.pregenerate_on_commit(instance)


def connect():
    page_published.connect(on_page_published, dispatch_uid="pagecache_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache_moved")
    post_save.connect(on_model_saved_or_deleted, dispatch_uid="pagecache_saved")
    post_delete.connect(on_model_saved_or_deleted, dispatch_uid="pagecache_deleted")
    for model in apps.get_models():
        if issubclass(model, AbstractImage):
            post_save.connect(on_image_saved, sender=model, dispatch_uid=f"renditions_{model._meta.label}")
