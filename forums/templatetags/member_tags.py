from django import template
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.cache import fragment_store
from forums import notifications_center

register = template.Library()

BAR_TEMPLATE = "forums/includes/member_bar_body.html"
BAR_PREFIX = "forums:member-bar:"


@register.simple_tag(takes_context=True)
def member_bar(context):
    """Who is signed in, links to notifications (with the unread count; new messages are
    notifications too), messages and the latest posts, and sign out; sign in or join for
    anyone else.

    Rendered from plain values only (`BAR_TEMPLATE` sees nothing else), so for a signed-in
    reader it is kept in this process under a hash of those values with the language and the
    URL prefix (fragment_store.local_once): a new name or unread count is a new key. Its five
    URL reversals and two translated sentences were 0.5 ms of every signed-in board and topic
    page (issue 15)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    member = context.get("member") if signed_in else None
    links = signed_in and hasattr(user, "member")
    values = {
        "signed_in": signed_in,
        "display_name": member.display_name if member else None,
        "links": links,
        "unread": notifications_center.unread_count(user) if links else 0,
        "next_path": "" if signed_in else getattr(request, "path", ""),
    }
    if not signed_in:  # names the page it is on: rendered each time (anonymous pages are cached)
        return mark_safe(get_template(BAR_TEMPLATE).render(values))  # noqa: S308 (our template, autoescaped)
    key = fragment_store.hashed_key(
        BAR_PREFIX, (get_language(), get_script_prefix(), get_urlconf(), sorted(values.items()))
    )
    return mark_safe(fragment_store.local_once(key, lambda: get_template(BAR_TEMPLATE).render(values)))  # noqa: S308
