"""What purges what. Pages purge their own URLs and the listings that show them (ancestors,
their feeds and archives, the sitemap) when published, unpublished, moved, deleted or made
private. The models in PAGE_CACHE_SITEWIDE_MODELS (settings, snippets and images that appear
on public pages) purge every page. Nothing else purges: a moderators-only snippet or a forum
post changes no cached page (forum pages are never cached)."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import images, purge, site_roots


def on_page_published(sender, instance, **kwargs):
    purge.purge_page(instance)


def on_page_unpublished(sender, instance, **kwargs):
    purge.purge_page(instance)


def on_page_moved(sender, instance, url_path_before=None, **kwargs):
    purge.purge_page(instance, old_url_path=url_path_before)


def sitewide_models():
    """The models in PAGE_CACHE_SITEWIDE_MODELS: they show on public pages far from any one URL."""
    return [apps.get_model(label) for label in settings.PAGE_CACHE_SITEWIDE_MODELS]


def on_page_deleted(sender, instance, **kwargs):
    # Saving a draft changes nothing visible (publishing has its own signal); deleting a live
    # page does.
    if not kwargs.get("raw") and instance.live:
        purge.purge_page(instance)


def on_restriction_changed(sender, instance, **kwargs):
    # A page (and its subtree) just became private or public again.
    if not kwargs.get("raw"):
        purge.purge_page(instance.page)


def on_sitewide_change(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        purge.purge_everything()


def on_image_saved(sender, instance, created=False, **kwargs):
    if not kwargs.get("raw"):
        images.pregenerate_on_commit(instance)


def connect():
    page_published.connect(on_page_published, dispatch_uid="pagecache_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pagecache_moved")
    for signal in (post_save, post_delete):
        signal.connect(
            on_restriction_changed, sender=PageViewRestriction, dispatch_uid="pagecache_restriction"
        )
        for model in sitewide_models():
            signal.connect(on_sitewide_change, sender=model, dispatch_uid=f"pagecache_{model._meta.label}")
    # Where Wagtail deletes its cached site root paths (a Site saved or deleted, a page saved
    # that is a site root), this thread's copy goes too.
    for signal in (post_save, post_delete):
        signal.connect(site_roots.forget_site_root_paths, sender=Site, dispatch_uid="pagecache_site_roots")
    for model in apps.get_models():
        if issubclass(model, Page):
            post_delete.connect(on_page_deleted, sender=model, dispatch_uid=f"pagecache_{model._meta.label}")
            post_save.connect(
                site_roots.forget_site_root_paths,
                sender=model,
                dispatch_uid=f"site_roots_{model._meta.label}",
            )
        if issubclass(model, AbstractImage):
            post_save.connect(on_image_saved, sender=model, dispatch_uid=f"renditions_{model._meta.label}")
