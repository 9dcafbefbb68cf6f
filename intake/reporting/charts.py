"""Small bar charts of the report, drawn on the server as SVG: no JavaScript, readable in print and by screen readers.

Each chart carries a ``<title>`` and a ``<desc>`` that says every value in
words, writes each bar's label and value as text, and draws bars with an
outline, so nothing depends on colour alone.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

WIDTH = 640
BAR_AREA = 420  # the longest bar; the rest of the width is for the value written after it
ROW_HEIGHT = 44
BAR_HEIGHT = 16
LABEL_HEIGHT = 18


@dataclass
class Bar:
    label: str
    value: int
    text: str
    marker: int | None = None
    y: int = 0
    width: float = 0
    marker_x: float | None = None

    @property
    def label_y(self):
        return self.y - 6

    @property
    def text_x(self):
        return max(self.width, self.marker_x or 0) + 8

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 3


@dataclass
class BarChart:
    slug: str
    title: str
    description: str
    bars: list = field(default_factory=list)
    marker_label: str = ""

    @property
    def height(self):
        return len(self.bars) * ROW_HEIGHT + 8

    @property
    def bar_height(self):
        return BAR_HEIGHT

    def render(self):
        return render_to_string("intake/reports/bar_chart.svg", {"chart": self})


def bar_chart(slug, title, rows, marker_label=""):
    """A horizontal bar chart of ``rows``: ``(label, value, text)`` or ``(label, value, text, marker)``.

    A marker (a target or capacity) is drawn as a dashed line across its bar;
    the scale fits the largest value or marker.
    """
    bars = [Bar(*row) for row in rows]
    scale = max([bar.value for bar in bars] + [bar.marker or 0 for bar in bars] + [1])
    for index, bar in enumerate(bars):
        bar.y = index * ROW_HEIGHT + LABEL_HEIGHT + 8
        bar.width = round(BAR_AREA * bar.value / scale, 1)
        if bar.marker is not None:
            bar.marker_x = round(BAR_AREA * bar.marker / scale, 1)
    description = "; ".join(f"{bar.label}: {bar.text}" for bar in bars) or _("No figures.")
    return BarChart(slug=slug, title=title, description=description, bars=bars, marker_label=marker_label)


def report_charts(report):
    """The charts of the report page: the path from invitation to placement, admissions, quotas, caseloads."""
    path = bar_chart(
        "path",
        _("From invitation to placement"),
        [
            (_("Invited"), report.invited, str(report.invited)),
            (_("Appeared"), report.appeared, str(report.appeared)),
            (_("Admitted"), report.admitted, str(report.admitted)),
            (_("Referred to coaching"), report.coaching_referrals, str(report.coaching_referrals)),
            (_("Placements in measures"), report.placements.total, str(report.placements.total)),
        ],
    )
    providers = bar_chart(
        "providers",
        _("Admitted by provider"),
        [(label, number, str(number)) for label, number in report.admitted_by_provider.items()],
    )
    quotas = bar_chart(
        "quotas",
        _("Admitted against the quota targets"),
        [quota_row(report, group) for group in report.quota_targets],
        marker_label=_("Dashed line: target"),
    )
    caseloads = bar_chart(
        "caseloads",
        _("Open cases now against capacity"),
        [caseload_row(load) for load in report.open_cases],
        marker_label=_("Dashed line: capacity"),
    )
    return [path, providers, quotas, caseloads]


def quota_row(report, group):
    number, target = report.admitted_by_residence_status[group], report.quota_targets[group]
    label = {"duldung": _("Duldung"), "gestattung": _("Gestattung")}[group]
    if target is None:
        return (label, number, _("%(number)s (no target set)") % {"number": number})
    text = _("%(number)s of %(target)s (%(percent)s %%)") % {
        "number": number,
        "target": target,
        "percent": report.quota_percent[group],
    }
    return (label, number, text, target)


def caseload_row(load):
    if load.capacity is None:
        return (load.label, load.open, _("%(number)s (no capacity limit)") % {"number": load.open})
    text = _("%(number)s of %(capacity)s") % {"number": load.open, "capacity": load.capacity}
    return (load.label, load.open, text, load.capacity)
