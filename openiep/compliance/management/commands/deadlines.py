"""``openiep deadlines``: the deadlines the law sets for one student, for compliance staff at a terminal.

    openiep deadlines --state TX --calendar district.ics \\
        --event referral_received=2026-09-01 --event consent_received=2026-09-14 [--absent 2026-10-05] \\
        [--today 2026-10-01] [--explain | --json]
    openiep deadlines --list-events

Errors (unknown state, bad date, events out of order, unreadable calendar) print one line on stderr and
exit non-zero.
"""

from __future__ import annotations

import json
import sys
import textwrap
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from openiep.compliance.calendars import SchoolCalendar, parse_ics
from openiep.compliance.deadlines import EARLIEST, LATE, Deadline, compute_deadlines
from openiep.compliance.errors import ComplianceError
from openiep.compliance.events import EVENTS
from openiep.compliance.law_profiles import CONFIDENCE, LawProfile, load_profile

COLUMNS = (("Due", 11), ("Rule", 44), ("Counts from", 28), ("Citation", 28), ("Conf", 4), ("Status", 19))


def _parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{what}: {text!r} is not a date; use YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Print the deadlines the law sets for one student (IDEA and the district's state), with each rule's "
        "citation. Give each date that has happened as --event NAME=YYYY-MM-DD; --list-events shows the names."
    )
    requires_system_checks: list[str] = []  # pure arithmetic: no models, no database

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def one_line_error(message: str) -> NoReturn:
            # argparse would print the whole usage block; staff need the one thing that is wrong.
            if not parser.called_from_command_line:
                raise CommandError(f"Error: {message}")
            sys.stderr.write(f"Error: {message} (see 'openiep deadlines --help')\n")
            sys.exit(2)

        parser.error = one_line_error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--state", help="The district's two-letter state code, or 'federal'")
        parser.add_argument("--calendar", metavar="FILE.ics", help="The district's school calendar (.ics)")
        parser.add_argument("--event", action="append", default=[], metavar="NAME=YYYY-MM-DD",
                            help="A date that has happened; repeat for each event")
        parser.add_argument("--absent", action="append", default=[], metavar="YYYY-MM-DD",
                            help="A school day the student was absent (counted where the state says so)")
        parser.add_argument("--today", metavar="YYYY-MM-DD", help="Judge overdue against this date (default: today)")
        parser.add_argument("--json", action="store_true", help="Machine-readable output")
        parser.add_argument("--explain", action="store_true", help="Show the arithmetic under each deadline")
        parser.add_argument("--list-events", action="store_true", help="Print the event names and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list_events"]:
            width = max(len(name) for name in EVENTS)
            for name, description in EVENTS.items():
                self.stdout.write(f"{name:<{width}}  {description}")
            return
        if not options["state"]:
            raise CommandError("--state is required (a two-letter code such as TX, or 'federal').")
        events = self._events(options["event"])
        absences = [_parse_date(text, "--absent") for text in options["absent"]]
        today = _parse_date(options["today"], "--today") if options["today"] else timezone.localdate()
        try:
            profile = load_profile(options["state"])
            calendar = self._calendar(options["calendar"])
            deadlines = compute_deadlines(events, profile, calendar, absences=absences, today=today)
        except ComplianceError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(self._as_json(profile, calendar, events, today, deadlines), indent=2))
        else:
            self._print_table(profile, calendar, events, deadlines, explain=options["explain"])

    # -- input ---------------------------------------------------------------------------------

    def _events(self, pairs: list[str]) -> dict[str, date]:
        events: dict[str, date] = {}
        for pair in pairs:
            name, sep, value = pair.partition("=")
            name = name.strip()
            if not sep or not name:
                raise CommandError(f"--event {pair!r}: write NAME=YYYY-MM-DD, e.g. consent_received=2026-09-14.")
            if name in events:
                raise CommandError(f"--event {name} is given twice.")
            events[name] = _parse_date(value, f"--event {name}")
        return events

    def _calendar(self, path: str | None) -> SchoolCalendar:
        if not path:
            return SchoolCalendar.weekdays_only()
        file = Path(path)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read the calendar {path}: {exc.strerror or exc}.") from exc
        try:
            return parse_ics(data, name=file.name)
        except ComplianceError as exc:
            raise CommandError(f"{file.name}: {exc}") from exc

    # -- output --------------------------------------------------------------------------------

    def _as_json(self, profile: LawProfile, calendar: SchoolCalendar, events: dict[str, date], today: date,
                 deadlines: list[Deadline]) -> dict[str, Any]:
        return {
            "jurisdiction": profile.jurisdiction,
            "state": profile.state,
            "profile": profile.describe(),
            "calendar": calendar.description,
            "calendar_estimated": calendar.estimated,
            "today": today.isoformat(),
            "events": {name: day.isoformat() for name, day in events.items()},
            "deadlines": [deadline.as_dict() for deadline in deadlines],
        }

    def _print_table(self, profile: LawProfile, calendar: SchoolCalendar, events: dict[str, date],
                     deadlines: list[Deadline], *, explain: bool) -> None:
        write = self.stdout.write
        write(f"Law profile: {profile.describe()}")
        write(calendar.description)
        if events:
            write("Events: " + ", ".join(f"{name} {day}" for name, day in events.items()))
        write("")
        write(self._row([title for title, _ in COLUMNS]))
        write("  ".join("-" * width for _, width in COLUMNS))
        for deadline in deadlines:
            write(self._row(self._cells(deadline)))
            if explain:
                for line in deadline.explanation:
                    write(textwrap.fill(line, width=140, initial_indent="    ", subsequent_indent="      "))
                write("")
        write("")
        if any(deadline.estimated for deadline in deadlines):
            write("* estimated: no school calendar, or the count runs past it (--explain shows why).")
        write("Conf: " + "; ".join(f"{key} = {text}" for key, text in CONFIDENCE.items()) + " (law.md).")

    @staticmethod
    def _cells(deadline: Deadline) -> list[str]:
        if deadline.due is None:
            due = "—"
            if deadline.no_date_reason.startswith("applies only"):
                status = "Part C only"
            elif deadline.start_date is None:
                status = "waiting"
            elif "no number of days" in deadline.no_date_reason:
                status = "as soon as possible"
            else:
                status = "see --explain"
        else:
            due = deadline.due.isoformat() + ("*" if deadline.estimated else "")
            if deadline.kind == EARLIEST:
                status = "not before"
            elif deadline.status == LATE and deadline.done_date is not None:
                status = f"late by {(deadline.done_date - deadline.due).days} days"
            else:
                status = deadline.status
        start = f"{deadline.start_event} {deadline.start_date or ''}".strip()
        return [due, f"{deadline.label} ({deadline.rule_id})", start, deadline.citation, deadline.confidence, status]

    @staticmethod
    def _row(cells: list[str]) -> str:
        wrapped = [textwrap.wrap(cell, width, break_on_hyphens=False) or [""]
                   for cell, (_, width) in zip(cells, COLUMNS, strict=True)]
        height = max(len(lines) for lines in wrapped)
        out = []
        for index in range(height):
            parts = [(lines[index] if index < len(lines) else "").ljust(width)
                     for lines, (_, width) in zip(wrapped, COLUMNS, strict=True)]
            out.append("  ".join(parts).rstrip())
        return "\n".join(out)
