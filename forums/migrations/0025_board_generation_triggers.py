"""The per-board generation that PostgreSQL replaces on every change an anonymous board or topic
page shows (forums.models.board_generation, forums.anon_pages).

Statement-level triggers with transition tables: one trigger per event (PostgreSQL allows
transition tables only on single-event triggers), and a statement that writes 100,000 posts
replaces each touched board's number once, not once per row. Numbers come from one sequence,
so none is ever given twice. On other databases (`make run` uses SQLite) nothing is created
and forums.anon_pages stays off.
"""

from django.db import migrations, models

# Tables whose rows carry the board they show on: the board(s) each statement touched.
BOARD_TABLES = ["forums_topic", "forums_post"]
# Changes that show on every board: replace the ALL_BOARDS (0) number.
EVERY_BOARD_TABLES = [
    "forums_memberprofile",
    "forums_forumsettings",
    "forums_slowmode",
    "forums_topicschedule",
]

# Statements apart (\n---\n): one execute each.
FUNCTIONS = """
CREATE SEQUENCE forums_boardgeneration_seq
---

-- A new number for each board in `boards` (in board order, so two statements never wait on
-- each other's rows in opposite orders).
CREATE FUNCTION forums_bump_board_generations(boards integer[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO forums_boardgeneration (board_id, generation)
    SELECT ids.board_id, nextval('forums_boardgeneration_seq')
    FROM (SELECT DISTINCT unnest(boards) AS board_id) AS ids
    WHERE ids.board_id IS NOT NULL
    ORDER BY ids.board_id
    ON CONFLICT (board_id) DO UPDATE SET generation = EXCLUDED.generation
$$
---
CREATE FUNCTION forums_board_rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM forums_bump_board_generations(ARRAY(SELECT DISTINCT board_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        -- both boards of a move
        PERFORM forums_bump_board_generations(
            ARRAY(SELECT board_id FROM new_rows UNION SELECT board_id FROM old_rows)
        );
    ELSE
        PERFORM forums_bump_board_generations(ARRAY(SELECT DISTINCT board_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$
---
CREATE FUNCTION forums_reaction_counts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM forums_bump_board_generations(ARRAY(
            SELECT DISTINCT p.board_id FROM new_rows r JOIN forums_post p ON p.id = r.post_id
        ));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM forums_bump_board_generations(ARRAY(
            SELECT p.board_id FROM new_rows r JOIN forums_post p ON p.id = r.post_id
            UNION SELECT p.board_id FROM old_rows r JOIN forums_post p ON p.id = r.post_id
        ));
    ELSE
        PERFORM forums_bump_board_generations(ARRAY(
            SELECT DISTINCT p.board_id FROM old_rows r JOIN forums_post p ON p.id = r.post_id
        ));
    END IF;
    RETURN NULL;
END
$$
---
CREATE FUNCTION forums_every_board_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        changed := true;
    ELSIF TG_OP = 'DELETE' THEN
        changed := EXISTS (SELECT 1 FROM old_rows);
    ELSE
        changed := EXISTS (SELECT 1 FROM new_rows);
    END IF;
    IF changed THEN
        PERFORM forums_bump_board_generations(ARRAY[0]);
    END IF;
    RETURN NULL;
END
$$
---
-- Members: every post shows its author's display name and, by profile visibility, a link.
-- Only those columns count (approved_post_count changes with every approved post), and a
-- new or removed member only when they have written something ("Member" <-> their name).
CREATE FUNCTION forums_member_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        changed := true;
    ELSIF TG_OP = 'UPDATE' THEN
        changed := EXISTS (
            SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.display_name IS DISTINCT FROM o.display_name
               OR n.profile_visibility IS DISTINCT FROM o.profile_visibility
               OR n.user_id IS DISTINCT FROM o.user_id
        );
    ELSIF TG_OP = 'INSERT' THEN
        changed := EXISTS (
            SELECT 1 FROM new_rows n
            WHERE EXISTS (SELECT 1 FROM forums_post p WHERE p.author_id = n.user_id)
               OR EXISTS (SELECT 1 FROM forums_topic t WHERE t.author_id = n.user_id)
        );
    ELSE
        changed := EXISTS (
            SELECT 1 FROM old_rows o
            WHERE EXISTS (SELECT 1 FROM forums_post p WHERE p.author_id = o.user_id)
               OR EXISTS (SELECT 1 FROM forums_topic t WHERE t.author_id = o.user_id)
        );
    END IF;
    IF changed THEN
        PERFORM forums_bump_board_generations(ARRAY[0]);
    END IF;
    RETURN NULL;
END
$$
"""


def _triggers(table, function):
    name = f"{table}_boardgen"
    return [
        f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        # TRUNCATE has no transition table: every board, whatever the table.
        f"CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION forums_every_board_changed()",
    ]


def _all_triggers():
    statements = []
    for table in BOARD_TABLES:
        statements += _triggers(table, "forums_board_rows_changed")
    statements += _triggers("forums_reactioncounts", "forums_reaction_counts_changed")
    statements += _triggers("forums_member", "forums_member_changed")
    for table in EVERY_BOARD_TABLES:
        statements += _triggers(table, "forums_every_board_changed")
    return statements


TRIGGER_TABLES = [*BOARD_TABLES, "forums_reactioncounts", "forums_member", *EVERY_BOARD_TABLES]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FUNCTIONS.split("\n---\n"):
        schema_editor.execute(statement)
    for statement in _all_triggers():
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TRIGGER_TABLES:
        for event in ("insert", "update", "delete", "truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_boardgen_{event} ON {table}")
    for function in (
        "forums_member_changed()",
        "forums_every_board_changed()",
        "forums_reaction_counts_changed()",
        "forums_board_rows_changed()",
        "forums_bump_board_generations(integer[])",
    ):
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")
    schema_editor.execute("DROP SEQUENCE IF EXISTS forums_boardgeneration_seq")


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0024_reaction_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardGeneration",
            fields=[
                (
                    "board_id",
                    models.IntegerField(
                        help_text="A board page's id, or 0 for every board.",
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "generation",
                    models.BigIntegerField(
                        help_text="Replaced by the database on every change the board shows."
                    ),
                ),
            ],
            options={
                "verbose_name": "board generation",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
