from django import template

from pages.models import GlossaryPage

register = template.Library()


@register.simple_tag
def glossary_page():
    """The live glossary page, or None: for links from templates of other apps (the boards)."""
    return GlossaryPage.objects.live().public().only("id", "title", "url_path", "path", "depth").first()
