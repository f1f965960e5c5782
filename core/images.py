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


def card_image_id(page):
    """The image a card shows for `page`: its lead image when it has one (articles,
    perspectives, affiliates' photos), else its social image."""
    return getattr(page, "lead_image_id", None) or getattr(page, "social_image_id", None)


def images_by_id(ids):
    """{image id: image} with renditions prefetched: two queries for any number of images."""
    ids = {pk for pk in ids if pk}
    if not ids:
        return {}
    return get_image_model().objects.filter(pk__in=ids).prefetch_renditions().in_bulk()


def card_images(pages):
    """{image id: image} for the card images of `pages` (`card_image_id`), with renditions
    prefetched: a constant number of queries for any number of cards."""
    return images_by_id(card_image_id(page) for page in pages)


def attach_card_images(pages):
    """Set `card_image` (an image or None) on each of `pages`, loading them all at once."""
    images = card_images(pages)
    for page in pages:
        page.card_image = images.get(card_image_id(page))
    return pages


def attach_images(objects, *fields):
    """Fill the image foreign keys `fields` of `objects` from one bulk load with renditions
    prefetched, so templates reading `object.<field>` make no query per object."""
    images = images_by_id(getattr(obj, f"{name}_id") for obj in objects for name in fields)
    for obj in objects:
        for name in fields:
            image_id = getattr(obj, f"{name}_id")
            if image_id in images:
                setattr(obj, name, images[image_id])
    return objects
