"""The board's count of visible topics, kept by the board-generation triggers (issue 15).

`forums_board_rows_changed` (on topics and posts) now also recounts the visible topics of the
boards a statement on `forums_topic` touched: on INSERT and DELETE, and on UPDATE only when a
row's status or board changed (replies update topics' counters and dates, not their status).
The recount is a statement of its own after the generation's upsert has locked the board's row,
so under READ COMMITTED it sees every committed change to the board's topics. A TRUNCATE of
topics sets every count to 0 (a trigger of its own). Boards without a count (NULL) are counted live by the listing.
On other databases (`make run` uses SQLite) nothing is created and the listing counts live.
"""

import importlib

from django.db import migrations, models

BEFORE = importlib.import_module("forums.migrations.0025_board_generation_triggers")

FUNCTIONS = """
CREATE FUNCTION forums_recount_visible_topics(boards integer[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE forums_boardgeneration g
    SET visible_topics = (
        SELECT count(*) FROM forums_topic t WHERE t.board_id = g.board_id AND t.status = 'visible'
    )
    WHERE g.board_id = ANY(boards) AND g.board_id <> 0
$$
---
CREATE OR REPLACE FUNCTION forums_board_rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    boards integer[];
    recount boolean := TG_TABLE_NAME = 'forums_topic';
BEGIN
    IF TG_OP = 'INSERT' THEN
        boards := ARRAY(SELECT DISTINCT board_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        -- both boards of a move
        boards := ARRAY(SELECT board_id FROM new_rows UNION SELECT board_id FROM old_rows);
        IF recount THEN  -- only a change of status or board changes a count
            recount := EXISTS (
                SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.status IS DISTINCT FROM o.status OR n.board_id IS DISTINCT FROM o.board_id
            );
        END IF;
    ELSE
        boards := ARRAY(SELECT DISTINCT board_id FROM old_rows);
    END IF;
    PERFORM forums_bump_board_generations(boards);
    -- The boards' rows are locked now: a new statement's snapshot sees every committed change.
    IF recount THEN
        PERFORM forums_recount_visible_topics(boards);
    END IF;
    RETURN NULL;
END
$$
---
-- A TRUNCATE has no transition table; it leaves no topic on any board.
CREATE FUNCTION forums_topics_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE forums_boardgeneration SET visible_topics = 0 WHERE board_id <> 0;
    RETURN NULL;
END
$$
---
CREATE TRIGGER forums_topic_counts_truncate AFTER TRUNCATE ON forums_topic
FOR EACH STATEMENT EXECUTE FUNCTION forums_topics_truncated()
---
-- Every board gets its row and its count now.
SELECT forums_bump_board_generations(ARRAY(SELECT page_ptr_id FROM forums_boardpage))
---
SELECT forums_recount_visible_topics(ARRAY(SELECT board_id FROM forums_boardgeneration))
"""


def _function(sql, name):
    """The CREATE FUNCTION statement named `name` in migration 0025's FUNCTIONS."""
    for statement in sql.split("\n---\n"):
        if f"CREATE FUNCTION {name}(" in statement:
            return statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    raise LookupError(name)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Topic writes wait until the migration commits: one made while the old trigger function is
    # still in place would otherwise commit after the first count and never be counted.
    schema_editor.execute("LOCK TABLE forums_topic IN SHARE ROW EXCLUSIVE MODE")
    for statement in FUNCTIONS.split("\n---\n"):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(_function(BEFORE.FUNCTIONS, "forums_board_rows_changed"))
    schema_editor.execute("DROP TRIGGER IF EXISTS forums_topic_counts_truncate ON forums_topic")
    schema_editor.execute("DROP FUNCTION IF EXISTS forums_topics_truncated()")
    schema_editor.execute("DROP FUNCTION IF EXISTS forums_recount_visible_topics(integer[])")


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0027_notification_unread_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="boardgeneration",
            name="visible_topics",
            field=models.IntegerField(
                blank=True,
                help_text="The board's visible topics, recounted by the database whenever a statement "
                "adds, removes, moves or changes the status of its topics; empty: not known (counted live).",
                null=True,
            ),
        ),
        migrations.RunPython(create, drop),
    ]
