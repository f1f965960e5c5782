"""A number per board that PostgreSQL itself replaces whenever anything an anonymous board or
topic page shows changes (forums.anon_pages keys those pages' cached copies with it).

Written only by database triggers (migration `board_generation_triggers`), never by Python:
every INSERT, UPDATE, DELETE or TRUNCATE of topics, posts and reaction counts replaces the
number of each board the statement touched (both boards of a move), and a change to what
every board shows (a member's display name or profile visibility, signatures, the forum
settings, slow mode, timed close) replaces the number of `ALL_BOARDS`. A view, an admin
action, a command, `QuerySet.update()`, `bulk_create` and raw SQL all go through the same
triggers, so no write path can be left out. Numbers come from one sequence, so a number is
never given twice, even to a board whose row was removed.

The same triggers keep `visible_topics`, the board's count of visible topics: recounted, not
incremented, in a statement of its own after the board's row is locked by the generation's
update, so under READ COMMITTED the count sees every committed change to the board's topics
(any transaction that changed them held that row lock until it committed).
"""

from django.db import models
from django.db.models import OuterRef, Subquery

# The row whose number changes with what every board shows.
ALL_BOARDS = 0


class BoardGeneration(models.Model):
    # A plain number, not a foreign key: the ALL_BOARDS row has no board, and a board's
    # deletion must not delete the number its cached pages were keyed with.
    board_id = models.IntegerField(primary_key=True, help_text="A board page's id, or 0 for every board.")
    generation = models.BigIntegerField(help_text="Replaced by the database on every change the board shows.")
    # Issue 15: the board page's count of its visible topics, read with its page of topics
    # (forums.listing), where counting 2,000 topics took 0.27 ms of every board page's query.
    visible_topics = models.IntegerField(
        null=True,
        blank=True,
        help_text="The board's visible topics, recounted by the database whenever a statement adds, "
        "removes, moves or changes the status of its topics; empty: not known (counted live).",
    )

    class Meta:
        verbose_name = "board generation"

    def __str__(self):
        return f"Board {self.board_id}: generation {self.generation}"


def _generation_of(board):
    return Subquery(BoardGeneration.objects.filter(board_id=board).values("generation")[:1])


def generation_annotations():
    """The board's and every board's numbers as annotations of a BoardPage query: the route's
    page query reads them with the board's row (core.cache.routing, `BoardPage.routed_queryset`),
    and forums.anon_pages.generations then needs no query of its own. None: never replaced."""
    return {
        "this_board_generation": _generation_of(OuterRef("pk")),
        "every_board_generation": _generation_of(ALL_BOARDS),
    }
