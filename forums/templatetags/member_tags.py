from django import template

from forums import notifications_center

register = template.Library()


@register.inclusion_tag("forums/includes/member_links.html", takes_context=True)
def member_links(context):
    """Links to notifications (unread count from the cache; new messages are notifications too)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and hasattr(user, "member")):
        return {"show": False}
    return {
        "show": True,
        "unread_notifications": notifications_center.unread_count(user),
    }
