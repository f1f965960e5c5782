"""Site settings with text per language: the English field, plus `<field>_<language>` fields
(`note_es`) that editors fill for the other languages."""

from django.conf import settings
from django.utils.translation import get_language, gettext


def _active():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _default():
    return settings.LANGUAGE_CODE.split("-")[0]


def _same_text(a, b):
    return " ".join((a or "").split()) == " ".join((b or "").split())


def _shows_standard(obj, field, standard):
    """The English field still says the standard text, so its catalogue translation says the
    same thing. Once editors change the English text (a new number, other hours), the old
    standard translation would contradict it: the English text is shown instead."""
    return bool(standard) and _same_text(getattr(obj, field), standard)


def text_in_active_language(obj, field, standard=None):
    """`obj.<field>` in the active language: `obj.<field>_<language>` when editors filled it in;
    else, when `standard` (a gettext_noop'd default) is given and the English field still
    says it, its translation; else the English field."""
    language = _active()
    if language == _default():
        return getattr(obj, field)
    text = getattr(obj, f"{field}_{language}", "")
    if text:
        return text
    return gettext(standard) if _shows_standard(obj, field, standard) else getattr(obj, field)


def fallback_language(obj, field, standard=None):
    """The language code of `text_in_active_language(obj, field, standard)` when it is not the
    active language (the English field shown on a Spanish page, for a `lang` attribute), else ""."""
    language = _active()
    if (
        language == _default()
        or getattr(obj, f"{field}_{language}", "")
        or not getattr(obj, field)
        or _shows_standard(obj, field, standard)
    ):
        return ""
    return _default()
