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
        parser.add_argument(
            "--retire-missing",
            action="store_true",
            help="Unpublish live affiliates that the file does not list.",
        )

    def handle(self, *args, file, dry_run, retire_missing, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file.")
        try:
            report = import_file(path, dry_run=dry_run, retire_missing=retire_missing, progress=self.progress)
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
            + (
                f" {'Would retire' if dry_run else 'Retired'} {len(report.retired)}."
                if retire_missing
                else ""
            )
        )
        for label, slugs in (
            ("created", report.created),
            ("updated", report.updated),
            ("retired", report.retired),
        ):
            for slug in slugs:
                self.stdout.write(f"  {label}: {slug}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")

    def progress(self, done, total):
        """A line per tenth of the pages written (and the last), so long imports show they move."""
        step = max(1, total // 10)
        if done == total or done % step == 0:
            self.stdout.write(f"Progress: {done}/{total} pages written ({done * 100 // total}%).")
            self.stdout.flush()
