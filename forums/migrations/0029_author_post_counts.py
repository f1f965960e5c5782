"""Each author's posts on each board, kept by PostgreSQL (forums.models.author_counts, issue 15).

Statement-level triggers on `forums_post` with transition tables (one per event: PostgreSQL
allows transition tables only on single-event triggers) add each statement's difference to the
(author, board) rows it touched: +1 for a post that is there (and not deleted by its author),
-1 for one that left, counted separately for visible posts. An UPDATE counts only the rows
whose author, board or status changed (an edit or a reply's counters touch no count). Rows are
upserted in (author, board) order under their row locks, so concurrent statements add up. A
TRUNCATE of posts empties the counts.

The triggers are named to fire after the board-generation ones (PostgreSQL fires a table's
triggers for one event in the alphabetical order of their names: "counts_by_author" after
"boardgen"), so a statement locks its boards' rows before its authors' rows, and a write on a
board holds the board's row before it can hold any author's row on it. In the other order a
moderator's bulk approval (one author's post, then another's, in one transaction) and that
second author's new post on the same board each held a row the other needed next: a deadlock
(tests/forums/test_author_post_counts.py).

The migration locks the posts against writes, creates the triggers and counts every post once,
so no post written meanwhile is missed or counted twice. On other databases (`make run` uses
SQLite) nothing is created and the queue counts posts live.
"""

from django.db import migrations, models

# Statements apart (\n---\n): one execute each.
FUNCTIONS = """
-- Adds (author, board, posts, visible) differences, in (author, board) order; rows without an
-- author (a deleted member's posts) are not counted.
CREATE FUNCTION forums_add_author_post_counts(deltas jsonb) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO forums_authorpostcounts AS c (author_id, board_id, posts, visible)
    SELECT d.author_id, d.board_id, sum(d.posts), sum(d.visible)
    FROM jsonb_to_recordset(deltas) AS d(author_id integer, board_id integer, posts integer, visible integer)
    WHERE d.author_id IS NOT NULL
    GROUP BY d.author_id, d.board_id
    HAVING sum(d.posts) <> 0 OR sum(d.visible) <> 0
    ORDER BY d.author_id, d.board_id
    ON CONFLICT (author_id, board_id)
    DO UPDATE SET posts = c.posts + EXCLUDED.posts, visible = c.visible + EXCLUDED.visible
$$
---
CREATE FUNCTION forums_post_author_counts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    deltas jsonb;
BEGIN
    -- Each branch: the statement's differences, one per (author, board), as a JSON list.
    IF TG_OP = 'INSERT' THEN
        SELECT jsonb_agg(g) INTO deltas FROM (
            SELECT author_id, board_id,
                   count(*) FILTER (WHERE status <> 'deleted') AS posts,
                   count(*) FILTER (WHERE status = 'visible') AS visible
            FROM new_rows GROUP BY author_id, board_id
        ) AS g;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT jsonb_agg(g) INTO deltas FROM (
            SELECT author_id, board_id,
                   -count(*) FILTER (WHERE status <> 'deleted') AS posts,
                   -count(*) FILTER (WHERE status = 'visible') AS visible
            FROM old_rows GROUP BY author_id, board_id
        ) AS g;
    ELSE
        SELECT jsonb_agg(g) INTO deltas FROM (
            SELECT author_id, board_id, sum(posts) AS posts, sum(visible) AS visible
            FROM (
                SELECT o.author_id, o.board_id,
                       -(o.status <> 'deleted')::int AS posts, -(o.status = 'visible')::int AS visible
                FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.author_id, o.board_id, o.status) IS DISTINCT FROM (n.author_id, n.board_id, n.status)
                UNION ALL
                SELECT n.author_id, n.board_id,
                       (n.status <> 'deleted')::int, (n.status = 'visible')::int
                FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE (o.author_id, o.board_id, o.status) IS DISTINCT FROM (n.author_id, n.board_id, n.status)
            ) AS changed
            GROUP BY author_id, board_id
        ) AS g;
    END IF;
    IF deltas IS NOT NULL THEN
        PERFORM forums_add_author_post_counts(deltas);
    END IF;
    RETURN NULL;
END
$$
---
CREATE FUNCTION forums_post_author_counts_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM forums_authorpostcounts;
    RETURN NULL;
END
$$
---
-- Every author's counts from the posts themselves (the migration's first count; a repair).
CREATE FUNCTION forums_recount_author_posts() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM forums_authorpostcounts;
    INSERT INTO forums_authorpostcounts (author_id, board_id, posts, visible)
    SELECT author_id, board_id, count(*) FILTER (WHERE status <> 'deleted'), count(*) FILTER (WHERE status = 'visible')
    FROM forums_post WHERE author_id IS NOT NULL
    GROUP BY author_id, board_id
    ORDER BY author_id, board_id
$$
---
CREATE TRIGGER forums_post_counts_by_author_insert AFTER INSERT ON forums_post
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION forums_post_author_counts_changed()
---
CREATE TRIGGER forums_post_counts_by_author_update AFTER UPDATE ON forums_post
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION forums_post_author_counts_changed()
---
CREATE TRIGGER forums_post_counts_by_author_delete AFTER DELETE ON forums_post
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION forums_post_author_counts_changed()
---
CREATE TRIGGER forums_post_counts_by_author_truncate AFTER TRUNCATE ON forums_post
FOR EACH STATEMENT EXECUTE FUNCTION forums_post_author_counts_truncated()
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Post writes wait until the migration commits: none is missed between the count and the
    # triggers, or counted by both.
    schema_editor.execute("LOCK TABLE forums_post IN SHARE ROW EXCLUSIVE MODE")
    for statement in FUNCTIONS.split("\n---\n"):
        schema_editor.execute(statement)
    schema_editor.execute("SELECT forums_recount_author_posts()")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for event in ("insert", "update", "delete", "truncate"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS forums_post_counts_by_author_{event} ON forums_post")
    for function in (
        "forums_post_author_counts_changed()",
        "forums_post_author_counts_truncated()",
        "forums_recount_author_posts()",
        "forums_add_author_post_counts(jsonb)",
    ):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")



class Migration(migrations.Migration):

    dependencies = [
        ('forums', '0028_board_visible_topics'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuthorPostCounts',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('author_id', models.IntegerField(help_text="The author's user id.")),
                ('board_id', models.IntegerField(help_text="The board page's id.")),
                ('posts', models.IntegerField(default=0, help_text="The author's posts on the board, except those they deleted.")),
                ('visible', models.IntegerField(default=0, help_text='Of those, the ones visible to readers.')),
            ],
            options={
                'verbose_name': "author's post counts",
                'verbose_name_plural': "authors' post counts",
                'constraints': [models.UniqueConstraint(fields=('author_id', 'board_id'), name='forums_author_board_counts')],
            },
        ),
        migrations.RunPython(create, drop),
    ]
