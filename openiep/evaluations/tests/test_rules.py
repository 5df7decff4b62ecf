"""The pure rules of the evaluation step: score tables, areas left unplanned, accepted files."""

from __future__ import annotations

import pytest

from openiep.evaluations.rules import (
    MAX_FILE_BYTES,
    ScoresError,
    clean_scores,
    content_type_for,
    file_problem,
    missing_areas,
)


def test_a_score_table_keeps_numbers_as_numbers_and_drops_blank_rows():
    rows = [
        {"measure": " WISC-V Full Scale IQ ", "score": "97", "scale": "Standard score", "percentile": "42",
         "descriptor": "Average"},
        {"measure": "", "score": "", "scale": "", "percentile": "", "descriptor": ""},
        {"measure": "CTOPP-2 Elision", "score": 6.0, "percentile": 9.5},
    ]
    assert clean_scores(rows) == [
        {"measure": "WISC-V Full Scale IQ", "score": 97, "scale": "Standard score", "percentile": 42,
         "descriptor": "Average"},
        {"measure": "CTOPP-2 Elision", "score": 6, "scale": "", "percentile": 9.5, "descriptor": ""},
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"measure": "WIAT", "score": "high"}, "the score “high” is not a number"),
        ({"measure": "WIAT", "score": "nan"}, "is not a number"),
        ({"measure": "WIAT", "score": True}, "is not a number"),
        ({"measure": "WIAT", "score": ""}, "enter the score"),
        ({"measure": "", "score": 90}, "name the measure"),
        ({"measure": "WIAT", "score": 90, "percentile": "ninety"}, "percentile “ninety” is not a number"),
        ({"measure": "WIAT", "score": 90, "percentile": 101}, "between 0 and 100"),
        ({"measure": "WIAT", "score": 90, "percentile": -1}, "between 0 and 100"),
        ({"measure": "WIAT", "score": 90, "colour": "red"}, "unknown column colour"),
        ({"measure": "WIAT", "score": 90, "scale": 5}, "the scale must be text"),
        ({"measure": "x" * 201, "score": 90}, "longer than 200"),
    ],
)
def test_a_bad_score_row_is_named_with_what_is_wrong(row, message):
    with pytest.raises(ScoresError) as caught:
        clean_scores([row])
    assert message in caught.value.messages[0]
    assert caught.value.messages[0].startswith("Row 1")


def test_too_many_scores_are_refused():
    with pytest.raises(ScoresError, match="At most"):
        clean_scores([{"measure": f"m{i}", "score": i} for i in range(61)])


def test_areas_the_referral_names_must_be_planned_or_set_aside():
    assert missing_areas(["reading", "math", "cognitive", "reading"], ["reading"], ["math"]) == ["cognitive"]
    assert missing_areas(["reading"], ["reading"], []) == []


@pytest.mark.parametrize(
    ("name", "head"),
    [("report.pdf", b"%PDF-1.7"), ("scan.PNG", b"\x89PNG\r\n\x1a\n...."), ("photo.jpeg", b"\xff\xd8\xff\xe0"),
     ("photo.jpg", b"\xff\xd8\xff\xe1"), ("notes.docx", b"PK\x03\x04rest")],
)
def test_pdf_images_and_word_files_are_accepted(name, head):
    assert file_problem(name, 1000, head) is None


@pytest.mark.parametrize(
    ("name", "size", "head", "message"),
    [
        ("report.pdf", 0, b"", "empty"),
        ("report.pdf", MAX_FILE_BYTES + 1, b"%PDF-", "the limit is 20 MB"),
        ("run.exe", 100, b"MZ", "“.exe” files are not accepted"),
        ("notes.doc", 100, b"\xd0\xcf", "“.doc” files are not accepted"),
        ("noextension", 100, b"%PDF-", "not accepted"),
        ("fake.pdf", 100, b"MZ\x90\x00", "not a real PDF file"),
    ],
)
def test_other_files_are_refused_with_the_reason(name, size, head, message):
    assert message in file_problem(name, size, head)


def test_the_content_type_follows_the_extension():
    assert content_type_for("a.PDF") == "application/pdf"
    assert content_type_for("a.bin") == "application/octet-stream"
