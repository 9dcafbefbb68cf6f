"""The report as files: CSV and XLSX (openpyxl), one row per figure."""

import csv
import io

from openpyxl import Workbook

HEADER = ("figure", "category", "value")

# Spreadsheet programs run cells that start with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet shows it, never as a formula (a provider could be named "=…")."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows([tuple(safe_cell(cell) for cell in row) for row in rows])
    return buffer.getvalue()


def to_xlsx(rows, title="Report"):
    """An XLSX workbook of the rows as bytes; numbers stay numbers, "< 5" stays text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(HEADER)
    for row in rows:
        sheet.append([safe_cell(float(cell) if hasattr(cell, "as_tuple") else cell) for cell in row])
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 12
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
