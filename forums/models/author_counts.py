"""Each author's posts on each board, counted by PostgreSQL triggers (issue 15).

The moderation queue shows, on every card, how many posts the author has written and how many
of them are visible (on the moderator's boards, or everywhere for a lead moderator). Counted
live, that read every one of the page's authors' posts from the (author, status) index: 9,500
entries for the bench's 20 authors, 1.5 ms a queue page with a fresh visibility map and 3.8 ms
once a thousand posts had just been held (PostgreSQL then reads the table too), the largest
single cost of the page's statements.

Here one row per (author, board) holds both numbers, written only by triggers on `forums_post`
(migration `author_post_counts`), never by Python: statement-level triggers add what each
INSERT, UPDATE or DELETE changed (a post's author, board or status), so `QuerySet.update()`,
`bulk_create`, a topic's move, a member's deletion and raw SQL are all counted. Each change is
an `INSERT ... ON CONFLICT DO UPDATE` adding the statement's difference to the row under its
row lock: two transactions changing one author's posts at once both count, in whichever order
they commit. The triggers fire after the board-generation ones, so a write holds its boards'
rows before any author's row on them, and two transactions never wait on each other's rows in
opposite orders (the migration says why that order matters). A TRUNCATE of posts empties the
table.

On other databases (`make run` uses SQLite) no trigger is created, the table stays empty and
`AuthorPostCounts.kept()` is False: the queue counts the posts themselves
(forums.queue_history.author_history).
"""

from django.db import connections, models


class AuthorPostCounts(models.Model):
    # Plain numbers, not foreign keys: rows are written by the database alone, and a member's
    # or board's deletion must not wait on (or cascade through) them.
    author_id = models.IntegerField(help_text="The author's user id.")
    board_id = models.IntegerField(help_text="The board page's id.")
    posts = models.IntegerField(
        default=0, help_text="The author's posts on the board, except those they deleted."
    )
    visible = models.IntegerField(default=0, help_text="Of those, the ones visible to readers.")

    class Meta:
        verbose_name = "author's post counts"
        verbose_name_plural = "authors' post counts"
        constraints = [
            models.UniqueConstraint(fields=["author_id", "board_id"], name="forums_author_board_counts")
        ]

    def __str__(self):
        return f"Author {self.author_id} on board {self.board_id}: {self.posts} posts, {self.visible} visible"

    @staticmethod
    def kept(using="default"):
        """Whether the database keeps the counts (PostgreSQL: the triggers exist)."""
        return connections[using].vendor == "postgresql"
