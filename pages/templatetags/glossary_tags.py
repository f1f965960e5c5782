from django import template
from django.conf import settings
from django.utils.translation import get_language

from pages.models import GlossaryPage

register = template.Library()


@register.simple_tag
def glossary_page():
    """The live glossary page in the active language (else the site's default language's), or
    None: for links from templates of other apps (the boards). One query."""
    wanted = [(get_language() or settings.LANGUAGE_CODE).split("-")[0], settings.LANGUAGE_CODE]
    pages = (
        GlossaryPage.objects.live()
        .public()
        .filter(locale__language_code__in=wanted)
        .select_related("locale")
        .only("id", "title", "url_path", "path", "depth", "locale", "locale__language_code")
    )
    by_language = {page.locale.language_code: page for page in pages}
    return next((by_language[code] for code in wanted if code in by_language), None)
