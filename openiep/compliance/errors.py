"""The errors this app raises. Each message names the thing that is wrong, so the CLI can print it as is."""

from __future__ import annotations


class ComplianceError(ValueError):
    """Base class: a law profile, calendar or set of dates that cannot give deadlines."""


class ProfileError(ComplianceError):
    """An unknown state code, or a law-profile file that does not follow the rule format."""


class CalendarError(ComplianceError):
    """A school calendar (or .ics file) that cannot be read or does not make sense."""


class TimelineError(ComplianceError):
    """Event dates that are unknown, out of order or implausible."""
