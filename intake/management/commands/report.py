"""Print the funder's figures for a year: ``manage.py report --year 2020 --format json``."""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from intake.reporting.exports import to_csv
from intake.reporting.figures import Period, build_report, figure_rows, funder_figures


class Command(BaseCommand):
    help = "Print the yearly figures for the funder (invited, appeared, admitted, quotas, coaching, placements)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Calendar year; default: this year.")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--suppress-small",
            action="store_true",
            help="Show counts below 5 in breakdowns by provider or residence status as “< 5”.",
        )

    def handle(self, *args, year=None, format="json", suppress_small=False, **options):
        period = Period.year(year or timezone.localdate().year)
        figures = funder_figures(build_report(period), suppress=suppress_small)
        if format == "csv":
            self.stdout.write(to_csv(figure_rows(figures)), ending="")
        else:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
