"""``openiep import-roster``: the summary staff read, the errors file, and clear failures."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core import management
from django.core.management import CommandError, call_command

from openiep import cli
from openiep.people.models import Student
from openiep.roster import services
from openiep.roster.tests.builders import USERS_11, district_11, edit, write_export

pytestmark = pytest.mark.django_db


def import_roster(*args: str) -> str:
    out = StringIO()
    call_command("import_roster", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_a_summary_per_kind_of_record(tmp_path):
    output = import_roster(str(write_export(tmp_path / "riverside.zip", district_11(), as_zip=True)),
                           "--state", "oh", "--quiet")
    assert output.startswith("Imported: OneRoster 1.1 export riverside.zip into Riverside Unified (OH)")
    assert "  Students                      3        0           0         0" in output
    assert "Row errors (not imported): 0" in output
    assert Student.objects.count() == 3


def test_row_errors_are_printed_and_the_import_still_succeeds(tmp_path):
    files = district_11()
    files["users.csv"] = edit(USERS_11, "stu-ivy", grades="K5")
    output = import_roster(str(write_export(tmp_path / "riverside", files)), "--state", "OH")
    assert "Row errors (not imported): 1" in output
    assert "  users.csv line 4 (stu-ivy): grades: 'K5' is not a grade code" in output
    assert Student.objects.count() == 2


def test_errors_csv_lists_every_error_and_warning(tmp_path):
    files = district_11()
    files["users.csv"] = edit(USERS_11, "stu-ivy", grades="K5")
    errors_file = tmp_path / "errors.csv"
    import_roster(str(write_export(tmp_path / "riverside", files)), "--state", "OH", "--errors-csv",
                  str(errors_file))
    with errors_file.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0].keys() == {"level", "file", "line", "sourcedId", "column", "message"}
    grade_error = next(row for row in rows if row["level"] == "error")
    assert (grade_error["file"], grade_error["line"], grade_error["sourcedId"], grade_error["column"]) == (
        "users.csv", "4", "stu-ivy", "grades")


def test_dry_run_says_so_and_saves_nothing(tmp_path):
    output = import_roster(str(write_export(tmp_path / "riverside", district_11())), "--state", "OH", "--dry-run")
    assert output.startswith("Checked (dry run, nothing saved)")
    assert "  Students                      3" in output
    assert Student.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [("missing.zip", "does not exist"), ("not-a-zip.zip", "is not a readable zip file")],
)
def test_a_path_that_is_not_an_export_fails_with_a_clear_message(tmp_path, name, message):
    (tmp_path / "not-a-zip.zip").write_text("hello")
    with pytest.raises(CommandError, match=message):
        import_roster(str(tmp_path / name), "--state", "OH")


def test_openiep_import_roster_with_a_hyphen_reaches_this_command(monkeypatch):
    # Django's run_from_argv closes the database connection when a command ends, which would end the
    # test's transaction, so the hand-over is checked rather than run.
    seen = []
    monkeypatch.setattr(management, "execute_from_command_line", seen.append)
    cli.main(["openiep", "import-roster", "export.zip", "--state", "OH"])
    assert seen == [["openiep", "import_roster", "export.zip", "--state", "OH"]]
    assert management.get_commands()["import_roster"] == "openiep.roster"


def test_an_unexpected_failure_says_nothing_was_saved(tmp_path, monkeypatch):
    def fail(self, *args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services._RosterImport, "import_enrollments", fail)
    with pytest.raises(CommandError, match="unexpected error and nothing was saved: RuntimeError\\('disk full'\\)"):
        import_roster(str(write_export(tmp_path / "riverside", district_11())), "--state", "OH")
    assert Student.objects.count() == 0
