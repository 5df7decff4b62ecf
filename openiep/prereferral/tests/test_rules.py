"""Reading scores pasted from a spreadsheet or typed, one a line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from openiep.prereferral.rules import DataRow, format_value, parse_data_rows


def test_tab_separated_lines_copied_from_a_spreadsheet_are_read_with_their_notes():
    parsed = parse_data_rows("Date\tWCPM\tNote\n2026-03-02\t41\n2026-03-09\t44.5\tnew passage set\n")
    assert parsed.errors == []
    assert parsed.rows == [
        DataRow(date(2026, 3, 2), Decimal("41")),
        DataRow(date(2026, 3, 9), Decimal("44.5"), "new passage set"),
    ]


@pytest.mark.parametrize("line", ["3/2/2026, 41", "3/2/26 41", "2026-03-02;41", "  2026-03-02 ,  41  "])
def test_us_and_iso_dates_with_commas_semicolons_or_spaces_are_read(line):
    assert parse_data_rows(line).rows == [DataRow(date(2026, 3, 2), Decimal("41"))]


def test_a_note_keeps_its_own_commas_and_spaces():
    assert parse_data_rows("2026-03-02, 41, tired, after recess").rows[0].note == "tired, after recess"


def test_blank_lines_are_ignored():
    assert len(parse_data_rows("\n2026-03-02 41\n\n2026-03-03 42\n\n").rows) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-02 41\n2026-02-30 40", "Line 2: “2026-02-30” is not a date"),
        ("2026-03-02 forty", "Line 1: “forty” is not a number"),
        ("2026-03-02", "Line 1: the value is missing"),
        ("2026-03-02 41.555", "Line 1: use at most two decimal places"),
        ("2026-03-02 41\n2026-03-02 42", "Line 2: March 2, 2026 is already on line 1"),
        ("2026-03-02 NaN", "Line 1: “NaN” is not a number"),
        ("", "Paste at least one line"),
    ],
)
def test_each_problem_names_its_line(text, message):
    parsed = parse_data_rows(text)
    assert any(error.startswith(message) for error in parsed.errors), parsed.errors


def test_too_many_lines_are_refused():
    text = "\n".join(f"2026-01-01 {n}" for n in range(201))
    assert parse_data_rows(text).errors == ["Paste at most 200 lines at a time."]


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("42.00"), "42"), (Decimal("42.50"), "42.5"), (Decimal("-3"), "-3"), (Decimal("1E+2"), "100"),
     (0.5, "0.5"), (Decimal("0.00"), "0"), (12, "12")],
)
def test_scores_are_shown_as_a_teacher_writes_them(value, shown):
    assert format_value(value) == shown
