"""The fields of an empty posting form, rendered once and given a fresh submission token each time.

A signed-in topic page ends with the reply form. Empty, its fields (the message box with its
label and help, the honeypot, the hidden submission token) are the same for every member in a
language, except the submission token: a fresh UUID in every rendering, so that sending the same
form twice saves one post (forums.forms.SubmissionTokenField). Rendering them through Django's
form and widget templates was ~3,000 function calls a page (issue 15). Here they are rendered with
a stand-in token (derived from SECRET_KEY, so no form or post can contain it), kept in the
process (fragment_store.local_once) per form class and language, and each request gets a new
UUID in the stand-in's place. A bound form (one sent back with errors) is rendered as before.
"""

import uuid

from django.conf import settings
from django.template.loader import get_template
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import fragment_store

FIELDS_TEMPLATE = "forums/includes/form_fields.html"
PREFIX = "forums:blank-form:"
TOKEN_STAND_IN = str(
    uuid.UUID(bytes=salted_hmac("forums.blank_forms", "token", secret=settings.SECRET_KEY).digest()[:16])
)


def blank_fields(form_class):
    """The fields of an unbound `form_class` (with a `submission_token` field), with a new token."""
    key = f"{PREFIX}{form_class.__module__}.{form_class.__qualname__}:{get_language() or ''}"

    def render():
        form = form_class(initial={"submission_token": TOKEN_STAND_IN})
        return get_template(FIELDS_TEMPLATE).render({"form": form})

    html = fragment_store.local_once(key, render)
    return mark_safe(html.replace(TOKEN_STAND_IN, str(uuid.uuid4())))  # noqa: S308 (our template, autoescaped)
