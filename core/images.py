"""Editorial images: alt text rules and card images loaded in bulk with their renditions.

The filter specs our templates use are listed once in settings.IMAGE_RENDITION_SPECS, so
renditions are made when an image is saved (komensite/cache/images.py), never on a visit."""

from wagtail.images import get_image_model

ALT_REQUIRED = "Describe the image for people who cannot see it, or tick “decorative”."


def image_alt_errors(image, alt, decorative, field):
    """{field_alt: message} when an image has neither alt text nor the decorative flag."""
    if image is not None and not decorative and not (alt or "").strip():
        return {f"{field}_alt": ALT_REQUIRED}
    return {}


def card_images(pages):
    """{image id: image} for the social (card) images of `pages`, with renditions prefetched:
    one query for any number of cards."""
    ids = {page.social_image_id for page in pages if getattr(page, "social_image_id", None)}
    if not ids:
        return {}
    return get_image_model().objects.filter(pk__in=ids).prefetch_renditions().in_bulk()
