"""Template tags of the moderator tools."""

from django import template

from forums import slowmode
from forums.modtools_models import CrisisCase

register = template.Library()


@register.simple_tag
def slow_mode_notice(board, topic=None):
    """The slow-mode notice members see on a board or topic page, or ""."""
    return slowmode.notice(board, topic)


@register.simple_tag
def post_tools(post):
    """What one post's moderation page adds: its open crisis case and the author's member profile."""
    return {
        "case": CrisisCase.objects.filter(post=post, closed_at__isnull=True).first(),
        "member": getattr(post.author, "member", None) if post.author_id else None,
    }
