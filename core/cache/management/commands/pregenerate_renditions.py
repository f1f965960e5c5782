from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from core.cache import images


class Command(BaseCommand):
    help = "Create the renditions listed in IMAGE_RENDITION_SPECS for every image that lacks them."

    def handle(self, *args, **options):
        specs = images.specs()
        count = 0
        for image in get_image_model().objects.prefetch_renditions().iterator(chunk_size=200):
            images.pregenerate(image)
            count += 1
        self.stdout.write(f"Renditions {', '.join(specs) or '(none configured)'} ready for {count} images.")
