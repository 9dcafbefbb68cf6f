"""Load earlier years' cases from a CSV list: ``manage.py import_cases FILE.csv`` (all or nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.reporting.importing import COLUMNS, ImportFailed, import_cases


class Command(BaseCommand):
    help = "Import historical cases (no personal data) from a UTF-8 CSV file with the columns: " + ",".join(COLUMNS)

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as lines:
                result = import_cases(lines, file_name=file.name)
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}") from problem
        except UnicodeDecodeError as problem:
            raise CommandError(f"{file} is not UTF-8 text.") from problem
        except ImportFailed as failure:
            raise CommandError("Nothing was imported.\n" + failure.summary()) from failure
        self.stdout.write(
            f"Imported {result.created} cases; {result.unchanged} were imported before and are unchanged."
        )
