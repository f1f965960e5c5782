"""Site settings with text per language: the English field, plus `<field>_<language>` fields
(`note_es`) that editors fill for the other languages."""

from django.conf import settings
from django.utils.translation import get_language, gettext


def _active():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def text_in_active_language(obj, field, standard=None):
    """`obj.<field>` in the active language: `obj.<field>_<language>` when editors filled it in;
    else, when `standard` (a gettext_noop'd default) is given, its translation; else the
    English field."""
    language = _active()
    if language == settings.LANGUAGE_CODE.split("-")[0]:
        return getattr(obj, field)
    text = getattr(obj, f"{field}_{language}", "")
    if text:
        return text
    return gettext(standard) if standard else getattr(obj, field)


def fallback_language(obj, field):
    """The language code of `text_in_active_language(obj, field)` when it is not the active
    language (the English field shown on a Spanish page, for a `lang` attribute), else ""."""
    language = _active()
    default = settings.LANGUAGE_CODE.split("-")[0]
    if language == default or getattr(obj, f"{field}_{language}", "") or not getattr(obj, field):
        return ""
    return default
