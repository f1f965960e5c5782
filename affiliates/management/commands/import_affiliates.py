from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from affiliates.importer import HEADER, import_file


class Command(BaseCommand):
    help = (
        "Create or update affiliate pages from a UTF-8 CSV file with the header "
        + ",".join(HEADER)
        + ". Every row is checked first; if any is invalid, nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, changing nothing.",
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            report = import_file(path, dry_run=dry_run)
        except ValidationError as error:  # a page refused to save after the checks passed
            raise CommandError(f"Nothing was imported: {'; '.join(error.messages)}") from error
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"{path.name}: {error}")
            raise CommandError(
                f"{len(report.errors)} problem{'s' if len(report.errors) != 1 else ''} found; nothing was imported."
            )
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{verb} {len(report.created)}, {'would update' if dry_run else 'updated'} {len(report.updated)}, "
            f"left {len(report.unchanged)} unchanged."
        )
        for label, slugs in (("created", report.created), ("updated", report.updated)):
            for slug in slugs:
                self.stdout.write(f"  {label}: {slug}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
