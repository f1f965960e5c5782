"""Supportive reactions, bookmarks, and what the topic page shows per reader for them
(reaction counts, saved posts, collapsed posts of blocked members, signatures).

A post's reaction counts are kept beside it (`ReactionCounts`, one row a post with reactions),
recounted in the transaction that adds or removes a reaction (`toggle_reaction`; an account's
deletion calls `recount` once for every post its reactions were on), so the topic page reads them
with its posts (a join). Counting them per label per post in the page's query made the ORM
compile two subqueries per label on every request (the profile of issue 15's "topic page with
reactions" row). The reader's own reactions on each post are one subquery for every label
(a bit per label), next to the saved and blocked flags.
"""

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Case, Count, Exists, F, OuterRef, Subquery, Sum, Value, When
from django.utils.translation import gettext

from forums import policy
from forums.member_models import Bookmark, MemberBlock, Reaction, ReactionCounts, diagnosis_line_of
from forums.models import Post
from forums.models.members import display_name_of

# What the topic page shows of each post's author (name, profile link, signature) and the post's
# stored reaction counts, read as columns of the posts query: with select_related, a page of 20
# posts built 100 model instances (post, user, member, profile, counts) and parsed the user's and
# member's dates, none of which it shows (issue 15).
AUTHOR_COLUMNS = {
    "author_member_id": F("author__member__id"),
    "author_display": F("author__member__display_name"),
    "author_visibility": F("author__member__profile_visibility"),
    "signature_shown": F("author__member__details__show_signature"),
    "signature_visibility": F("author__member__details__diagnosis_visibility"),
    "signature_type": F("author__member__details__diagnosis_type"),
    "signature_stage": F("author__member__details__diagnosis_stage"),
    "signature_year": F("author__member__details__diagnosis_year"),
    "stored_counts": F("reaction_counts__counts"),
}

# "Reacted by me" is a bit per label in one bigint: labels past this many show no pressed state
# (the toggle itself still works). The settings hold a handful.
MAX_PRESSED_LABELS = 62


class ReactionRefused(Exception):
    pass


def toggle_reaction(user, post, label, allowed_labels):
    """Add the reaction, or take it back when the member already gave it. True when added.
    The post's counts are recounted in the same transaction."""
    if label not in allowed_labels:
        raise ReactionRefused(gettext("Choose one of the reactions shown under the post."))
    if not policy.may_react(user, post):
        raise ReactionRefused(
            gettext("You can react to other members' visible posts on boards you can read.")
        )
    with transaction.atomic():
        deleted, _ = Reaction.objects.filter(post=post, user=user, label=label).delete()
        if deleted:
            recount([post.pk], create=False)
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, user=user, label=label)
        except IntegrityError:  # a double click racing the delete above (which recounted)
            return True
        recount([post.pk])
    return True


def recount(post_ids, *, create=True):
    """Store the reaction counts of these posts from their reactions, in the caller's transaction.

    The posts' rows are locked first (FOR NO KEY UPDATE, in id order): two members reacting to
    one post at once recount one after the other, the second seeing the first's reaction, and
    the lock does not conflict with the key-share lock a new reaction takes on its post.
    `create=False` only updates existing rows (a deletion cascading from the post itself must
    not add a row for a post that is going away)."""
    post_ids = sorted(set(post_ids))
    if not post_ids:
        return
    with transaction.atomic():
        list(
            Post.objects.select_for_update(no_key=True)
            .filter(pk__in=post_ids)
            .order_by("pk")
            .values_list("pk")
        )
        counts = {pk: {} for pk in post_ids}
        rows = (
            Reaction.objects.filter(post_id__in=post_ids)
            .order_by()
            .values_list("post_id", "label")
            .annotate(n=Count("pk"))
        )
        for post_id, label, number in rows:
            counts[post_id][label] = number
        existing = list(ReactionCounts.objects.filter(post_id__in=post_ids))
        for row in existing:
            row.counts = counts[row.post_id]
        ReactionCounts.objects.bulk_update(existing, ["counts"])  # one statement for all
        if create:
            have = {row.post_id for row in existing}
            ReactionCounts.objects.bulk_create(
                [
                    ReactionCounts(post_id=pk, counts=of_post)
                    for pk, of_post in counts.items()
                    if pk not in have and of_post
                ]
            )


def posts_reacted_to_by(user):
    """Ids of the posts this member reacted to: recount them after the account is deleted
    (its reactions go with it, in one DELETE)."""
    return list(Reaction.objects.filter(user=user).values_list("post_id", flat=True).distinct())


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
    the stored reaction counts and the author's name, profile visibility and signature
    (`AUTHOR_COLUMNS`, joins), the reader's own reactions (one subquery), saved, author blocked."""
    return annotate_for_reader_id(posts, user.pk if user.is_authenticated else None, labels)


def annotate_for_reader_id(posts, user_id, labels):
    """annotate_for_reader() for a reader given by id (None: anonymous), for compiled queries."""
    posts = posts.annotate(**AUTHOR_COLUMNS)
    if user_id is None:
        return posts
    pressable = labels[:MAX_PRESSED_LABELS]
    annotations = {
        "is_saved": Exists(Bookmark.objects.filter(post=OuterRef("pk"), user=user_id)),
        "is_collapsed": Exists(MemberBlock.objects.filter(blocker=user_id, blocked=OuterRef("author"))),
    }
    if pressable:
        bits = Case(
            *(When(label=label, then=Value(1 << index)) for index, label in enumerate(pressable)),
            default=Value(0),
            output_field=BigIntegerField(),
        )
        mine = (
            Reaction.objects.filter(post=OuterRef("pk"), user=user_id, label__in=pressable)
            .order_by()
            .values("post")
            .annotate(bits=Sum(bits))
            .values("bits")
        )
        annotations["reactions_mine"] = Subquery(mine, output_field=BigIntegerField())
    return posts.annotate(**annotations)


def topic_decorations(user, posts, labels):
    """Turn annotate_for_reader's columns into `reaction_list` [(label, count, mine)],
    `is_saved`, `is_collapsed`, `author_shown` (the author's name), `signature` and `can_react`
    on each post. No queries."""
    for post in posts:
        counts = post.stored_counts or {}
        mine = getattr(post, "reactions_mine", None) or 0
        post.reaction_list = [
            (label, counts.get(label, 0), bool(mine & (1 << index)) if index < MAX_PRESSED_LABELS else False)
            for index, label in enumerate(labels)
        ]
        post.is_saved = getattr(post, "is_saved", False)
        post.is_collapsed = getattr(post, "is_collapsed", False)
        post.author_shown = display_name_of(post.author_id, post.author_display)
        post.signature = ""
        if post.signature_shown and policy.may_see_field_of(user, post.author_id, post.signature_visibility):
            post.signature = diagnosis_line_of(post.signature_type, post.signature_stage, post.signature_year)
        post.can_react = user.is_authenticated and post.author_id != user.pk and post.status == "visible"
    return posts
