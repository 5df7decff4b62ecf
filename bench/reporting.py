"""Reporting benchmarks: the federal child count at 1,000,000 students and the API list endpoints at 100,000.

    .venv/bin/python bench/reporting.py --database-url postgres://postgres@127.0.0.1:5432/
                                        [--count-students 1000000] [--api-students 100000] [--repeat 20] [--keep]

1. Creates a scratch PostgreSQL database (as bench/run.py), migrates it, and writes N students with one
   completed evaluation, one eligibility decision and one IEP in effect each, with SQL ``generate_series``
   (no Python loop; ages 3-21, every race, sex, EL status, disability and environment), then ``VACUUM ANALYZE``.
   Every student is on an IEP: the worst case for the count (N children counted).
2. Times ``reporting.selectors.child_count`` (the one GROUP BY) as the district administrator on October 1:
   a warm-up, then ``--count-repeat`` runs (median, min); and the validation report once (``--validation``).
3. In a second scratch database of ``--api-students`` students (the same generator, plus two services per IEP
   and a guardian per student), times each API list endpoint with a token (first page of 100, and the page at
   a cursor halfway through), in-process with Django's test client: a warm-up, then ``--repeat`` requests (median, p95).
4. Prints a table, writes JSON to ``bench/results/reporting-<timestamp>.json``, drops both databases unless
   ``--keep``.

Targets (issue): the child count for 1,000,000 students ≤ 30 s; API list endpoints median ≤ 100 ms at 100,000.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import configure_django, percentile, scratch_database  # noqa: E402  (bench/run.py)

COUNT_TARGET_S = 30
API_TARGET_MS = 100
COUNT_DATE = date(2026, 10, 1)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="postgres://user@host:port/ (scratch databases are created there)")
    parser.add_argument("--count-students", type=int, default=1_000_000)
    parser.add_argument("--api-students", type=int, default=100_000)
    parser.add_argument("--count-repeat", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--validation", action="store_true", help="Also time the validation report once")
    parser.add_argument("--skip-count", action="store_true")
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument("--keep", action="store_true")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------- data
def _literal(field) -> str:
    """An SQL literal for a field the generator does not set: NULL, or the model default."""
    if field.null:
        return "NULL"
    default = field.get_default()
    if isinstance(default, bool):
        return "TRUE" if default else "FALSE"
    if isinstance(default, int | float):
        return str(default)
    if isinstance(default, list | dict):
        return f"'{json.dumps(default)}'::jsonb"
    return "'" + str(default or "").replace("'", "''") + "'"


def generate(model, n: int, expressions: dict[str, str], *, per: int = 1) -> None:
    """INSERT ``n * per`` rows of ``model`` from generate_series (i = 1..n, k = 1..per)."""
    from django.db import connection

    columns, values = [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        values.append(expressions.get(field.attname, _literal(field)))
    series = f"generate_series(1, {int(n)}) AS g(i)"
    if per > 1:
        series += f", generate_series(1, {int(per)}) AS h(k)"
    # Table and column names come from the models, the expressions from this file: no outside input.
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {series}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        table = model._meta.db_table
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608


def build(n: int, *, api: bool) -> dict[str, float]:
    """The district, N students on IEPs; for the API also services and guardians. Returns timings (s)."""
    from django.db import connection

    from openiep.eligibility.models import DisabilityCategory, EligibilityDetermination
    from openiep.evaluations.models import Evaluation
    from openiep.iep.models import IEP, Service
    from openiep.people.models import District, Guardian, Guardianship, School, SchoolYear, Student, User
    from openiep.reporting import rules

    timings = {}
    district = District.objects.create(name="Bench Unified", state="OH", nces_id="3900000")
    schools = School.objects.bulk_create([School(district=district, name=f"School {i:03d}") for i in range(40)])
    SchoolYear.objects.create(district=district, name="2026-27", start_date=date(2026, 8, 20),
                              end_date=date(2027, 6, 10))
    admin = User.objects.create_user("benchadmin", password=None, role="district_admin",
                                     district=district, first_name="Bench", last_name="Admin")
    first_school = schools[0].pk
    races = "ARRAY['HI7','AM7','AS7','BL7','PI7','WH7','MU7']"
    categories = "ARRAY[" + ",".join(f"'{c}'" for c in DisabilityCategory.values) + "]"
    school_age = "ARRAY[" + ",".join(f"'{c}'" for c in rules.SCHOOL_AGE_ENVIRONMENTS) + "]"
    early = "ARRAY[" + ",".join(f"'{c}'" for c in rules.EARLY_CHILDHOOD_ENVIRONMENTS) + "]"
    age = "(3 + i %% 19)".replace("%%", "%")
    started = time.perf_counter()
    generate(Student, n, {
        "id": "i", "district_id": str(district.pk), "school_id": f"{first_school} + i % 40",
        "local_id": "'B' || i", "first_name": "'Kid'", "last_name": "'Student' || (i % 997)",
        "date_of_birth": f"DATE '{COUNT_DATE.isoformat()}' - ({age} * 365 + {age} / 4 + 1 + i % 300)",
        "grade": f"CASE WHEN {age} < 5 THEN 'PK' WHEN {age} = 5 THEN 'KG' "
                 f"ELSE lpad(least({age} - 5, 12)::text, 2, '0') END",
        "sex": "CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END", "race_ethnicity": f"({races})[1 + i % 7]",
        "english_learner": "i % 8 = 0", "enrolled_on": "DATE '2020-08-20'", "updated_at": "now()",
    })
    timings["students"] = time.perf_counter() - started
    started = time.perf_counter()
    generate(Evaluation, n, {
        "id": "i", "student_id": "i", "kind": "'initial'", "status": "'completed'", "planned_on": "DATE '2025-09-01'",
        "completed_on": "DATE '2025-10-15'", "created_by_id": str(admin.pk), "areas_not_needed": "'[]'::jsonb",
    })
    generate(EligibilityDetermination, n, {
        "id": "i", "student_id": "i", "evaluation_id": "i", "determined_on": "DATE '2025-10-20'",
        "result": "CASE WHEN i % 50 = 0 THEN 'not_eligible' ELSE 'eligible' END",
        "primary_category": f"CASE WHEN i % 50 = 0 THEN '' ELSE ({categories})[1 + i % 14] END",
        "adverse_effect": "i % 50 <> 0", "needs_special_education": "i % 50 <> 0", "rationale": "''",
        "recorded_by_id": str(admin.pk), "secondary_categories": "'[]'::jsonb",
    })
    generate(IEP, n, {
        "id": "i", "student_id": "i", "kind": "'annual'", "status": "'in_effect'", "version": "1",
        "start_date": "DATE '2026-03-01'", "end_date": "DATE '2027-02-28'", "finalized_at": "now()",
        "content_hash": "repeat('0', 64)", "snapshot": "'{}'::jsonb", "section_revisions": "'{}'::jsonb",
        "setting": "'regular_school'", "school_week_minutes": "1800", "minutes_outside_regular_class": "i % 1800",
        "environment_code": f"CASE WHEN {age} >= 5 THEN ({school_age})[1 + i % 8] ELSE ({early})[1 + i % 9] END",
        "created_by_id": str(admin.pk), "created_at": "now()", "updated_at": "now()",
    })
    timings["evaluations, decisions, IEPs"] = time.perf_counter() - started
    if api:
        started = time.perf_counter()
        generate(Service, n, {
            "id": "(i - 1) * 2 + k", "iep_id": "i", "order": "k", "kind": "CASE WHEN k = 1 THEN 'special_education' "
            "ELSE 'related' END", "name": "'Service ' || k", "provider_role": "CASE WHEN k = 1 THEN 'sped_teacher' "
            "ELSE 'speech_language' END", "minutes": "30", "times": "2", "period": "'week'",
            "location": "'special_class'", "revision": "1",
        }, per=2)
        generate(Guardian, n, {"id": "i", "district_id": str(district.pk), "first_name": "'Parent'",
                               "last_name": "'Student' || (i % 997)", "preferred_language": "'en'"})
        generate(Guardianship, n, {"id": "i", "student_id": "i", "guardian_id": "i", "relationship": "'mother'"})
        timings["services, guardians"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["vacuum analyze"] = time.perf_counter() - started
    return timings


# ---------------------------------------------------------------------------------------------- measures
def measure_count(repeat: int, validation: bool) -> dict:
    from openiep.people.models import User
    from openiep.reporting import selectors

    admin = User.objects.get(username="benchadmin")
    started = time.perf_counter()
    count = selectors.child_count(COUNT_DATE, admin)
    warm = time.perf_counter() - started
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        count = selectors.child_count(COUNT_DATE, admin)
        runs.append(time.perf_counter() - started)
    result = {"first_s": round(warm, 2), "median_s": round(statistics.median(runs), 2), "min_s": round(min(runs), 2),
              "counted": count.total, "fs002": count.files["FS002"].total, "fs089": count.files["FS089"].total,
              "groups": len(selectors.group_rows(COUNT_DATE, admin))}
    if validation:
        started = time.perf_counter()
        flagged = selectors.validation(COUNT_DATE, admin)
        result["validation_s"] = round(time.perf_counter() - started, 2)
        result["validation_flagged"] = len(flagged)
    return result


def measure_api(repeat: int, n: int) -> list[dict]:
    from django.db import connection
    from django.test import Client

    from openiep.api.models import Scope
    from openiep.api.services import token_create
    from openiep.people.models import User

    admin = User.objects.get(username="benchadmin")
    _, key = token_create(name="Bench", scopes=list(Scope.values), actor=admin)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    # A cursor halfway through (DRF's cursor is the base64 of "p=<last id seen>").
    middle = base64.b64encode(f"p={n // 2}".encode()).decode()
    urls = []
    for path in ("students", "guardians", "ieps", "services", "edfi/student-special-education-program-associations"):
        urls.append(f"/api/v1/{path}/")
        urls.append(f"/api/v1/{path}/?{urlencode({'cursor': middle})}")
    urls.append("/api/v1/students/?updated_since=2026-01-01T00:00:00Z")
    results = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        # Counted with an execute wrapper: the test client's request_started signal empties connection.queries.
        statements: list[str] = []

        def counting(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            client.get(url)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        results.append({"url": url, "median_ms": round(statistics.median(times), 1),
                        "p95_ms": round(percentile(times, 0.95), 1), "queries": len(statements),
                        "kilobytes": round(len(response.content) / 1024, 1)})
    return results


def in_database(url: str | None, stamp: str, n: int, *, api: bool, keep: bool, work):
    database_url, description, remove = scratch_database(url, stamp, existing=False)
    os.environ["DATABASE_URL"] = database_url
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    settings.DATABASES["default"]["NAME"] = database_url.rsplit("/", 1)[1]
    connections.close_all()
    print(f"{description}: migrating, writing {n:,} students…", flush=True)
    try:
        call_command("migrate", verbosity=0)
        timings = build(n, api=api)
        print("  built in " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()), flush=True)
        return {"database": description, "build_s": {k: round(v, 1) for k, v in timings.items()}, **work()}
    finally:
        connections.close_all()
        if not keep:
            remove()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not (args.database_url or "").startswith("postgres"):
        raise SystemExit("bench/reporting.py measures PostgreSQL: pass --database-url postgres://…/")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    configure_django(args.database_url.rstrip("/") + "/postgres", debug=False)
    report: dict = {"machine": platform.platform(), "python": platform.python_version(), "started": stamp}
    if not args.skip_count:
        report["child_count"] = in_database(
            args.database_url, stamp + "-count", args.count_students, api=False, keep=args.keep,
            work=lambda: {"count": measure_count(args.count_repeat, args.validation)})
        c = report["child_count"]["count"]
        print(f"child count of {args.count_students:,} students: median {c['median_s']} s (first {c['first_s']} s, "
              f"min {c['min_s']} s; target ≤ {COUNT_TARGET_S} s); counted {c['counted']:,} in {c['groups']:,} groups"
              + (f"; validation report {c['validation_s']} s" if "validation_s" in c else ""))
    if not args.skip_api:
        report["api"] = in_database(args.database_url, stamp + "-api", args.api_students, api=True, keep=args.keep,
                                    work=lambda: {"endpoints": measure_api(args.repeat, args.api_students)})
        print(f"\nAPI at {args.api_students:,} students (target: median ≤ {API_TARGET_MS} ms)")
        print(f"{'endpoint':78} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'KB':>6}")
        for row in report["api"]["endpoints"]:
            print(f"{row['url']:78} {row['median_ms']:>9} {row['p95_ms']:>7} {row['queries']:>7} {row['kilobytes']:>6}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"reporting-{stamp}.json"
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
