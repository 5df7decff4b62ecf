"""Pure rules of the evaluation step (no ORM): score tables, areas left unplanned, files we accept."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

# Staff who may be assigned an area of the evaluation (User.Role values).
EVALUATOR_ROLES = frozenset({"evaluator", "provider", "sped_teacher", "case_manager"})

SCORE_FIELDS = ("measure", "score", "scale", "percentile", "descriptor")
MAX_SCORE_ROWS = 60
MAX_TEXT = {"measure": 200, "scale": 100, "descriptor": 100}

MAX_FILE_BYTES = 20 * 1024 * 1024
# Extension -> (content type, how the file's first bytes start). The bytes are checked too, so a renamed
# program is refused whatever its name says.
FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
}
ALLOWED_FILES_WORDS = "PDF, Word (.docx), JPEG or PNG"


class ScoresError(ValueError):
    """The score table has problems; ``messages`` names each row and column."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _number(value: object) -> int | float | None:
    """A finite number from a number or its text, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return (int(value) if value.is_integer() else value) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_scores(rows: Iterable[Mapping[str, object]]) -> list[dict[str, object]]:
    """Check and normalise a score table: each row a measure, a numeric score, an optional scale,
    percentile (0 to 100) and descriptor. Blank rows are dropped. Raises ``ScoresError``."""
    cleaned: list[dict[str, object]] = []
    problems: list[str] = []
    rows = list(rows)
    if len(rows) > MAX_SCORE_ROWS:
        raise ScoresError([f"At most {MAX_SCORE_ROWS} scores per area; attach the full protocol as a file."])
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            problems.append(f"Row {number}: not a row of the score table.")
            continue
        unknown = sorted(set(row) - set(SCORE_FIELDS))
        if unknown:
            problems.append(f"Row {number}: unknown column {', '.join(unknown)}.")
            continue
        if all(_blank(row.get(name)) for name in SCORE_FIELDS):
            continue
        label = f"Row {number}"
        measure = row.get("measure")
        if _blank(measure) or not isinstance(measure, str):
            problems.append(f"{label}: name the measure (test and subtest).")
            measure = ""
        else:
            measure = measure.strip()
            label = f"Row {number} ({measure})"
        score = _number(row.get("score"))
        if _blank(row.get("score")):
            problems.append(f"{label}: enter the score.")
        elif score is None:
            problems.append(f"{label}: the score “{row.get('score')}” is not a number.")
        percentile: int | float | None = None
        if not _blank(row.get("percentile")):
            percentile = _number(row.get("percentile"))
            if percentile is None:
                problems.append(f"{label}: the percentile “{row.get('percentile')}” is not a number.")
            elif not 0 <= percentile <= 100:
                problems.append(f"{label}: a percentile is between 0 and 100.")
        texts: dict[str, str] = {}
        for name in ("scale", "descriptor"):
            value = row.get(name)
            if _blank(value):
                texts[name] = ""
            elif not isinstance(value, str):
                problems.append(f"{label}: the {name} must be text.")
            else:
                texts[name] = value.strip()
        for name, limit in MAX_TEXT.items():
            value = measure if name == "measure" else texts.get(name, "")
            if len(value) > limit:
                problems.append(f"{label}: the {name} is longer than {limit} characters.")
        cleaned.append({
            "measure": measure,
            "score": score,
            "scale": texts.get("scale", ""),
            "percentile": percentile,
            "descriptor": texts.get("descriptor", ""),
        })
    if problems:
        raise ScoresError(problems)
    return cleaned


def missing_areas(concerns: Iterable[str], planned: Iterable[str], not_needed: Iterable[str]) -> list[str]:
    """Areas of suspected disability named by the referral that the plan neither assesses nor sets aside."""
    covered = set(planned) | set(not_needed)
    seen: list[str] = []
    for code in concerns:
        if code not in covered and code not in seen:
            seen.append(code)
    return seen


def file_problem(name: str, size: int, head: bytes) -> str | None:
    """Why an upload is refused (None when it is accepted): size, extension, and the file's first bytes."""
    if size <= 0:
        return "The file is empty."
    if size > MAX_FILE_BYTES:
        megabytes = size / (1024 * 1024)
        return (f"The file is {megabytes:.1f} MB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB. "
                "Scan at a lower resolution or split it.")
    suffix = PurePath(name).suffix.lower()
    if suffix not in FILE_TYPES:
        return f"Attach a {ALLOWED_FILES_WORDS} file; “{suffix or name}” files are not accepted."
    _, signatures = FILE_TYPES[suffix]
    if not any(head.startswith(signature) for signature in signatures):
        return f"This file is not a real {suffix.lstrip('.').upper()} file (its contents do not match its name)."
    return None


def content_type_for(name: str) -> str:
    return FILE_TYPES.get(PurePath(name).suffix.lower(), ("application/octet-stream", ()))[0]
