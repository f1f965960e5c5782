"""Supportive reactions, bookmarks, and what the topic page shows per reader for them
(reaction counts, saved posts, collapsed posts of blocked members, signatures)."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from forums import policy
from forums.member_models import Bookmark, MemberBlock, Reaction


class ReactionRefused(Exception):
    pass


def toggle_reaction(user, post, label, allowed_labels):
    """Add the reaction, or take it back when the member already gave it. True when added."""
    if label not in allowed_labels:
        raise ReactionRefused(gettext("Choose one of the reactions shown under the post."))
    if not policy.may_react(user, post):
        raise ReactionRefused(
            gettext("You can react to other members' visible posts on boards you can read.")
        )
    deleted, _ = Reaction.objects.filter(post=post, user=user, label=label).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, label=label)
    except IntegrityError:  # a double click racing the delete above
        return True
    return True


def toggle_bookmark(user, post):
    if not policy.may_bookmark(user, post):
        raise ReactionRefused(gettext("You can save visible posts on boards you can read."))
    deleted, _ = Bookmark.objects.filter(user=user, post=post).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=user, post=post)
    return True


def annotate_for_reader(posts, user, labels):
    """Add what the topic page shows per reader to the posts query itself (no extra queries):
    a count and "mine" flag per reaction label, saved, author blocked, and the author's
    optional profile (for the signature)."""
    annotations = {}
    for index, label in enumerate(labels):
        of_label = Reaction.objects.filter(post=OuterRef("pk"), label=label)
        annotations[f"reaction_{index}"] = Coalesce(
            Subquery(of_label.order_by().values("post").annotate(n=Count("pk")).values("n")[:1]), 0
        )
        if user.is_authenticated:
            annotations[f"reaction_{index}_mine"] = Exists(of_label.filter(user=user))
    if user.is_authenticated:
        annotations["is_saved"] = Exists(Bookmark.objects.filter(post=OuterRef("pk"), user=user))
        annotations["is_collapsed"] = Exists(
            MemberBlock.objects.filter(blocker=user, blocked=OuterRef("author"))
        )
    return posts.annotate(**annotations).select_related("author__member__details")


def topic_decorations(user, posts, labels):
    """Turn annotate_for_reader's columns into `reaction_list` [(label, count, mine)],
    `is_saved`, `is_collapsed`, `signature` and `can_react` on each post. No queries."""
    for post in posts:
        post.reaction_list = [
            (label, getattr(post, f"reaction_{i}", 0), getattr(post, f"reaction_{i}_mine", False))
            for i, label in enumerate(labels)
        ]
        post.is_saved = getattr(post, "is_saved", False)
        post.is_collapsed = getattr(post, "is_collapsed", False)
        post.signature = ""
        member = getattr(post.author, "member", None) if post.author_id else None
        details = getattr(member, "details", None) if member else None
        if (
            details
            and details.show_signature
            and policy.may_see_field(user, member, details.diagnosis_visibility)
        ):
            post.signature = details.diagnosis_line()
        post.can_react = user.is_authenticated and post.author_id != user.pk and post.status == "visible"
    return posts
