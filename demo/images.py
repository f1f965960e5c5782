"""Demo images: licence-free artwork made by scripts/make_demo_images.py, committed under
demo/data/images/. Gives the home hero, the default social image and the cards of
each section an image. Idempotent: images are found by title, and only empty image fields
are filled, so editors' choices are never overwritten."""

from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from pages.models import HomePage, SiteSettings

IMAGES_DIR = Path(__file__).resolve().parent / "data" / "images"

# file stem: (title, description used as alt text where the image is not decorative)
IMAGES = {
    "hero": ("Demo: pink ribbon on soft pink", "A white awareness ribbon on a soft pink background"),
    "share": ("Demo: social sharing image", "A white awareness ribbon on deep pink"),
    "about": ("Demo: about us", "Soft pink and sand shapes"),
    "metastatic": ("Demo: metastatic breast cancer", "Soft blue and pink shapes"),
    "perspectives": ("Demo: Komen Perspectives", "Warm yellow and pink shapes"),
    "affiliates": ("Demo: local Affiliates", "Soft green and pink shapes"),
    "boards": ("Demo: message boards", "Soft violet and pink shapes"),
    "library": ("Demo: fact sheets and booklets", "Warm sand and pink shapes"),
}

# Card (social) image per page type, by "app_label.model" so the core loader does not
# import the other apps.
CARD_IMAGES = {
    "pages.standardpage": "about",
    "pages.conditionindexpage": "metastatic",
    "pages.conditionarticlepage": "metastatic",
    "pages.perspectiveindexpage": "perspectives",
    "pages.perspectivepage": "perspectives",
    "pages.topicindexpage": "library",
    "affiliates.affiliatelocatorpage": "affiliates",
    "affiliates.affiliatepage": "affiliates",
    "forums.forumindexpage": "boards",
    "forums.boardpage": "boards",
    "resources.resourceindexpage": "library",
    "resources.audiencelandingpage": "boards",
}


# Page types with a lead image under the title: the same artwork, decorative.
LEAD_IMAGE_TYPES = {"pages.conditionarticlepage", "pages.perspectivepage"}


def ensure_image(stem):
    Image = get_image_model()
    title, description = IMAGES[stem]
    image = Image.objects.filter(title=title).first()
    if image is None:
        with open(IMAGES_DIR / f"{stem}.jpg", "rb") as handle:
            image = Image(title=title, description=description)
            image.file.save(f"demo-{stem}.jpg", ImageFile(handle, name=f"demo-{stem}.jpg"), save=False)
            image.save()
    return image


@transaction.atomic
def load(log):
    images = {stem: ensure_image(stem) for stem in IMAGES}
    home = HomePage.objects.first()
    if home is not None and home.hero_image_id is None:
        home.hero_image = images["hero"]
        # Abstract artwork says nothing the heading does not: decorative.
        home.hero_image_decorative = True
        home.save_revision().publish()
        log("  gave the home page its hero image")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        settings = SiteSettings.for_site(site)
        if settings.default_social_image_id is None:
            settings.default_social_image = images["share"]
            settings.save()
    filled = 0
    for label, stem in CARD_IMAGES.items():
        app_label, model = label.split(".")
        pages = Page.objects.filter(content_type__app_label=app_label, content_type__model=model)
        for page in pages.specific():
            if not page.live:
                continue
            changed = False
            if page.social_image_id is None:
                page.social_image = images[stem]
                changed = True
            if label in LEAD_IMAGE_TYPES and page.lead_image_id is None:
                page.lead_image, page.lead_image_decorative = images[stem], True
                changed = True
            if changed:
                page.save_revision().publish()
                filled += 1
    if filled:
        log(f"  gave {filled} pages their card, sharing and lead images")
