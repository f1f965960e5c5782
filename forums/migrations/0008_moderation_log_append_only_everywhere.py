"""The moderation log refuses UPDATE and DELETE at the database on SQLite (development) as on
PostgreSQL (production, tests), with one narrow exception on both: redacting a departed
member's words (`ModerationActionQuerySet.redact_authored`), which may only replace
before/after with {"redacted": true} and the label with "<Kind> <id> (removed by its author)",
leaving who did what, when, to which object and why untouched."""

from django.db import migrations

UNCHANGED = " AND ".join(
    f"NEW.{column} IS NOT DISTINCT FROM OLD.{column}"
    for column in (
        "id",
        "moderator_id",
        "moderator_name",
        "action",
        "board_id",
        "member_id",
        "member_name",
        "target_type",
        "target_id",
        "reason",
        "created_at",
    )
)

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION forums_moderationaction_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND {UNCHANGED}
        AND (NEW.before = OLD.before OR NEW.before = '{{"redacted": true}}'::jsonb)
        AND (NEW.after = OLD.after OR NEW.after = '{{"redacted": true}}'::jsonb)
        AND (NEW.target_label = OLD.target_label
             OR NEW.target_label = initcap(NEW.target_type) || ' ' || NEW.target_id || ' (removed by its author)')
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'forums_moderationaction is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

POSTGRESQL_BACK = """
CREATE OR REPLACE FUNCTION forums_moderationaction_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'forums_moderationaction is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

SQLITE_UNCHANGED = UNCHANGED.replace("IS NOT DISTINCT FROM", "IS")
SQLITE = f"""
CREATE TRIGGER forums_moderationaction_no_update BEFORE UPDATE ON forums_moderationaction
WHEN NOT (
    {SQLITE_UNCHANGED}
    AND (json(NEW.before) = json(OLD.before) OR json(NEW.before) = json('{{"redacted": true}}'))
    AND (json(NEW.after) = json(OLD.after) OR json(NEW.after) = json('{{"redacted": true}}'))
    AND (NEW.target_label = OLD.target_label
         OR NEW.target_label = upper(substr(NEW.target_type, 1, 1)) || substr(NEW.target_type, 2)
            || ' ' || NEW.target_id || ' (removed by its author)')
)
BEGIN
    SELECT RAISE(ABORT, 'forums_moderationaction is append-only: UPDATE refused');
END;

CREATE TRIGGER forums_moderationaction_no_delete BEFORE DELETE ON forums_moderationaction
BEGIN
    SELECT RAISE(ABORT, 'forums_moderationaction is append-only: DELETE refused');
END;
"""

SQLITE_BACK = """
DROP TRIGGER IF EXISTS forums_moderationaction_no_update;
DROP TRIGGER IF EXISTS forums_moderationaction_no_delete;
"""


def by_vendor(**scripts):
    def run(apps, schema_editor):
        sql = scripts.get(schema_editor.connection.vendor)
        if sql:
            for statement in schema_editor.connection.ops.prepare_sql_script(sql):
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("forums", "0007_limit_field_bounds")]

    operations = [
        migrations.RunPython(
            by_vendor(postgresql=POSTGRESQL, sqlite=SQLITE),
            by_vendor(postgresql=POSTGRESQL_BACK, sqlite=SQLITE_BACK),
        )
    ]
