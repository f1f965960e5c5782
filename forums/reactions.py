"""Supportive reactions, bookmarks, and what the topic page shows per reader for them
(reaction counts, saved posts, collapsed posts of blocked members, signatures)."""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from forums import member_policy
from forums.member_models import Bookmark, MemberBlock, MemberProfile, Reaction


class ReactionRefused(Exception):
    pass


def toggle_reaction(user, post, label, allowed_labels):
    """Add the reaction, or take it back when the member already gave it. True when added."""
    if label not in allowed_labels:
        raise ReactionRefused("Choose one of the reactions shown under the post.")
    if not member_policy.may_react(user, post):
        raise ReactionRefused("You can react to other members' visible posts on boards you can read.")
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
    if not member_policy.may_bookmark(user, post):
        raise ReactionRefused("You can save visible posts on boards you can read.")
    deleted, _ = Bookmark.objects.filter(user=user, post=post).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=user, post=post)
    return True


def topic_decorations(user, posts, allowed_labels):
    """Per post: `reactions` [(label, count, mine)], `is_saved`, `is_collapsed` (author blocked
    by the reader) and `signature`. At most four queries whatever the number of posts."""
    post_ids = [p.pk for p in posts]
    counts = defaultdict(dict)
    mine = set()
    saved = set()
    blocked = set()
    if post_ids:
        rows = Reaction.objects.filter(post_id__in=post_ids).values("post_id", "label").order_by()
        if user.is_authenticated:
            rows = rows.annotate(n=Count("pk"), by_me=Count("pk", filter=Q(user=user)))
        else:
            rows = rows.annotate(n=Count("pk"))
        for row in rows:
            counts[row["post_id"]][row["label"]] = row["n"]
            if row.get("by_me"):
                mine.add((row["post_id"], row["label"]))
    if user.is_authenticated and post_ids:
        saved = set(
            Bookmark.objects.filter(post_id__in=post_ids, user=user).values_list("post_id", flat=True)
        )
        blocked = set(MemberBlock.objects.filter(blocker=user).values_list("blocked_id", flat=True))
    author_ids = {p.author_id for p in posts if p.author_id}
    signatures = {}
    if author_ids:
        for details in MemberProfile.objects.filter(
            member__user_id__in=author_ids, show_signature=True
        ).select_related("member"):
            if member_policy.may_see_field(user, details.member, details.diagnosis_visibility):
                line = details.diagnosis_line()
                if line:
                    signatures[details.member.user_id] = line
    for post in posts:
        post.reaction_list = [
            (label, counts[post.pk].get(label, 0), (post.pk, label) in mine) for label in allowed_labels
        ]
        post.is_saved = post.pk in saved
        post.is_collapsed = post.author_id in blocked
        post.signature = signatures.get(post.author_id, "")
        post.can_react = user.is_authenticated and post.author_id != user.pk and post.status == "visible"
    return posts
