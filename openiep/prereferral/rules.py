"""Pure rules of pre-referral data entry (no ORM): reading several scores pasted at once.

Teachers keep progress-monitoring scores in a spreadsheet or on paper; the page accepts them pasted
one per line: a date, a value and an optional note, separated by a tab (as a spreadsheet copies
them), a comma, a semicolon or spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

MAX_ROWS = 200
MAX_NOTE = 300
MAX_ABS_VALUE = Decimal("9999999.99")  # DataPoint.value: 9 digits, 2 after the point
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")
_SEPARATOR = re.compile(r"\s*[\t,;]\s*|\s+")


@dataclass(frozen=True)
class DataRow:
    measured_on: date
    value: Decimal
    note: str = ""


@dataclass(frozen=True)
class ParsedRows:
    rows: list[DataRow]
    errors: list[str]


def parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            continue
    return None


def parse_value(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return value


def value_problem(value: Decimal) -> str:
    """Why a score cannot be stored, or "" if it can."""
    if abs(value) > MAX_ABS_VALUE:
        return "the value is too large"
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return "use at most two decimal places"
    return ""


def parse_data_rows(text: str) -> ParsedRows:
    """Rows from pasted text, or the problems found, each naming its line. A header line is skipped."""
    rows: list[DataRow] = []
    errors: list[str] = []
    seen: dict[date, int] = {}
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if len(lines) > MAX_ROWS:
        return ParsedRows([], [f"Paste at most {MAX_ROWS} lines at a time."])
    for index, (number, line) in enumerate(lines):
        parts = _SEPARATOR.split(line, maxsplit=2)
        when = parse_date(parts[0])
        value = parse_value(parts[1]) if len(parts) > 1 else None
        if index == 0 and when is None and value is None:
            continue  # a header row copied from the spreadsheet, like "Date  Score"
        if when is None:
            errors.append(f"Line {number}: “{parts[0]}” is not a date; write it as 2026-03-02 or 3/2/2026.")
            continue
        if value is None:
            shown = parts[1] if len(parts) > 1 else ""
            errors.append(f"Line {number}: “{shown}” is not a number." if shown else f"Line {number}: the value is missing.")
            continue
        problem = value_problem(value)
        if problem:
            errors.append(f"Line {number}: {problem}.")
            continue
        note = parts[2].strip() if len(parts) > 2 else ""
        if len(note) > MAX_NOTE:
            errors.append(f"Line {number}: the note is longer than {MAX_NOTE} characters.")
            continue
        if when in seen:
            errors.append(f"Line {number}: {when:%B} {when.day}, {when.year} is already on line {seen[when]}.")
            continue
        seen[when] = number
        rows.append(DataRow(when, value, note))
    if not rows and not errors:
        errors.append("Paste at least one line with a date and a value.")
    return ParsedRows(rows, errors)


def format_value(value: Decimal | float | int) -> str:
    """A score as a teacher writes it: 42, 42.5, -3 (no trailing zeros, no exponent)."""
    text = f"{Decimal(str(value)):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
