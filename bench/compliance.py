"""Compliance benchmarks: the deadline dashboard and a district-wide recompute after a calendar change.

    .venv/bin/python bench/compliance.py [--students 100000] [--database-url postgres://postgres@127.0.0.1:5432/]
                                         [--repeat 20] [--share 0.3] [--state TX] [--profile] [--keep]

1. Creates a scratch database (as bench/run.py: an SQLite file under bench/results/, or a new PostgreSQL
   database on the server of ``--database-url``), migrates it and seeds N students (``openiep.demo.seed``).
2. If the seed wrote no cases, a share of the students (``--share``, default 30%) get a synthetic referral in
   one of six stages (referral only, consent asked, consent given, evaluation done, found eligible, found not
   eligible), dated over the last ten months so deadlines are overdue, due soon, met and met late; written
   with ``bulk_create``, then every deadline is computed once (timed). A seed that writes cases and
   deadlines itself (``openiep.demo.cases``) is used as it is. Then ``ANALYZE`` runs (``VACUUM ANALYZE`` on
   PostgreSQL: what autovacuum does on a live server).
3. Requests the compliance pages as the demo users, in-process with Django's test client: a warm-up, one
   request counted with ``CaptureQueriesContext``, then ``--repeat`` timed requests (median, p95).
4. Uploads a school calendar for the district with ``services.calendar_upload`` (the page's and the
   command's service) and times the recompute of every deadline in the district; ``--profile`` runs it
   under cProfile and prints where the time goes.
5. Prints a table, writes JSON to ``bench/results/compliance-<timestamp>.json``, and drops the scratch
   database unless ``--keep`` (``--existing --database-url URL`` reuses a database left by ``--keep``).

Targets (issue): district dashboard median ≤ 150 ms; recompute after a calendar change ≤ 60 s.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import configure_django, percentile, scratch_database  # noqa: E402  (bench/run.py)

DASHBOARD_TARGET_MS = 150
RECOMPUTE_TARGET_S = 60


@dataclass
class PageResult:
    page: str
    user: str
    url: str
    status: int
    median_ms: float
    p95_ms: float
    min_ms: float
    cpu_median_ms: float  # this process's CPU time (on SQLite: the whole request, database included)
    queries: int
    kilobytes: float


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=int(os.environ.get("BENCH_STUDENTS", "100000")))
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="postgres://user@host:port/ for PostgreSQL (a scratch database is created there)")
    parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page (default 20)")
    parser.add_argument("--share", type=float, default=0.3, help="Share of students with a case (default 0.3)")
    parser.add_argument("--state", default="TX", help="The district's state (default TX: school-day clocks)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="Profile the recompute with cProfile")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database afterwards")
    parser.add_argument("--existing", action="store_true",
                        help="Use --database-url as it is (seeded, with cases): only the measurements run")
    parser.add_argument("--debug", action="store_true", help="OPENIEP_DEBUG=true (default: production-like)")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------- cases
STAGES = (  # (stage, share of the students with a case)
    ("referred", 0.15), ("consent_requested", 0.15), ("consent_given", 0.30), ("evaluated", 0.10),
    ("eligible", 0.20), ("not_eligible", 0.10),
)


def synthetic_cases(*, share: float, seed: int, today: date) -> dict[str, int]:
    """Referrals, consents, evaluations and eligibility decisions for ``share`` of the students (bulk)."""
    from django.db import transaction

    from openiep.eligibility.models import EligibilityDetermination
    from openiep.evaluations.models import Evaluation
    from openiep.people.models import Student, User
    from openiep.referrals.models import Consent, Referral

    rng = random.Random(seed)
    actor = User.objects.get(username="districtadmin")
    ids = list(Student.objects.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, int(len(ids) * share))
    stages = rng.choices([s for s, _ in STAGES], weights=[w for _, w in STAGES], k=len(chosen))

    def day(low: date, spread: int) -> date:
        return min(today, low + timedelta(days=rng.randint(0, spread)))

    with transaction.atomic():
        referrals, plans = [], []
        for student_id, stage in zip(chosen, stages, strict=True):
            received = today - timedelta(days=rng.randint(5, 300))
            if stage in {"evaluated", "eligible", "not_eligible"}:
                received = today - timedelta(days=rng.randint(90, 300))  # time for the evaluation to finish
            referrals.append(Referral(
                student_id=student_id, received_on=received, source=Referral.Source.TEACHER, reason="Synthetic",
                status=Referral.Status.AWAITING_DECISION if stage == "referred" else Referral.Status.EVALUATION_PROPOSED,
                decided_on=None if stage == "referred" else received, decided_by=None if stage == "referred" else actor,
                created_by=actor,
            ))
            plans.append(stage)
        Referral.objects.bulk_create(referrals, batch_size=2000)

        consents = []
        for referral, stage in zip(referrals, plans, strict=True):
            if stage == "referred":
                continue
            requested = day(referral.received_on + timedelta(days=2), 20)
            given = stage != "consent_requested"
            consents.append(Consent(
                student_id=referral.student_id, referral=referral, kind=Consent.Kind.INITIAL_EVALUATION,
                status=Consent.Status.GRANTED if given else Consent.Status.REQUESTED, requested_on=requested,
                responded_on=day(requested, 14) if given else None, created_by=actor,
            ))
        Consent.objects.bulk_create(consents, batch_size=2000)

        evaluations, outcomes = [], []
        for consent, stage in zip(consents, [s for s in plans if s != "referred"], strict=True):
            if stage == "consent_requested":
                continue
            planned = consent.responded_on
            done = None
            if stage in {"evaluated", "eligible", "not_eligible"}:
                # Most on time (the 45-60 day clocks), a fifth late by up to a month.
                done = day(planned + timedelta(days=rng.randint(20, 55) if rng.random() < 0.8 else rng.randint(60, 95)), 0)
            evaluations.append(Evaluation(
                student_id=consent.student_id, referral_id=consent.referral_id, consent=consent, planned_on=planned,
                status=Evaluation.Status.COMPLETED if done else Evaluation.Status.IN_PROGRESS, completed_on=done,
                created_by=actor,
            ))
            outcomes.append(stage)
        Evaluation.objects.bulk_create(evaluations, batch_size=2000)

        determinations = []
        for evaluation, stage in zip(evaluations, outcomes, strict=True):
            if stage not in {"eligible", "not_eligible"}:
                continue
            eligible = stage == "eligible"
            determinations.append(EligibilityDetermination(
                student_id=evaluation.student_id, evaluation=evaluation,
                determined_on=day(evaluation.completed_on, 20),
                result=EligibilityDetermination.Result.ELIGIBLE if eligible else EligibilityDetermination.Result.NOT_ELIGIBLE,
                primary_category="specific_learning_disability" if eligible else "",
                adverse_effect=eligible, needs_special_education=eligible, rationale="Synthetic", recorded_by=actor,
            ))
        EligibilityDetermination.objects.bulk_create(determinations, batch_size=2000)
    return {"referrals": len(referrals), "consents": len(consents), "evaluations": len(evaluations),
            "eligibility_determinations": len(determinations)}


def district_ics(today: date) -> str:
    """A school calendar for the seeded district: three school years (20 Aug - 5 Jun) with the usual closures."""
    start = today.year if today >= date(today.year, 8, 20) else today.year - 1
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OpenIEP bench//EN"]

    def event(uid: str, first: date, summary: str, last: date | None = None) -> None:
        lines.extend(["BEGIN:VEVENT", f"UID:{uid}@bench.example", f"DTSTART;VALUE=DATE:{first:%Y%m%d}"])
        if last:
            lines.append(f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}")
        lines.extend([f"SUMMARY:{summary}", "END:VEVENT"])

    for y in (start - 1, start, start + 1):
        event(f"first-{y}", date(y, 8, 20), "First Day of School")
        event(f"last-{y}", date(y + 1, 6, 5), "Last Day of School")
        labor = date(y, 9, 1) + timedelta(days=(7 - date(y, 9, 1).weekday()) % 7)
        event(f"labor-{y}", labor, "Labor Day - No School")
        thanksgiving = date(y, 11, 1) + timedelta(days=(3 - date(y, 11, 1).weekday()) % 7 + 21)
        event(f"tg-{y}", thanksgiving - timedelta(days=1), "Thanksgiving Break", thanksgiving + timedelta(days=1))
        event(f"winter-{y}", date(y, 12, 21), "Winter Break", date(y + 1, 1, 1))
        spring = date(y + 1, 3, 15) + timedelta(days=(7 - date(y + 1, 3, 15).weekday()) % 7)
        event(f"spring-{y}", spring, "Spring Break", spring + timedelta(days=4))
        memorial = date(y + 1, 5, 31) - timedelta(days=date(y + 1, 5, 31).weekday())
        event(f"memorial-{y}", memorial, "Memorial Day Holiday")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


# ---------------------------------------------------------------------------------------------- pages
def pages(today: date) -> list[tuple[str, str, str]]:
    from openiep.compliance.models import Deadline
    from openiep.people.models import User

    admin = User.objects.get(username="schooladmin")
    manager = User.objects.get(username="casemanager")
    student = Deadline.objects.filter(school_id=admin.school_id).order_by("student_id").values_list(
        "student_id", flat=True).first()
    first = date(today.year - 1 if today.month < 7 else today.year, 7, 1)
    period = f"from={first.isoformat()}&to={today.isoformat()}"
    return [
        ("dashboard: district admin", "districtadmin", "/compliance/"),
        ("dashboard: district, one school", "districtadmin", f"/compliance/?school={admin.school_id}"),
        ("dashboard: district, overdue list", "districtadmin", "/compliance/?status=overdue"),
        ("dashboard: district, overdue p.50", "districtadmin", "/compliance/?status=overdue&page=50"),
        ("dashboard: district, met late", "districtadmin", "/compliance/?status=late&rule=initial_evaluation"),
        ("dashboard: auditor", "auditor", "/compliance/"),
        ("dashboard: school admin", "schooladmin", "/compliance/"),
        ("dashboard: case manager", "casemanager", "/compliance/"),
        ("dashboard: case manager, person", "districtadmin", f"/compliance/?responsible={manager.pk}"),
        ("indicator 11: district", "districtadmin", f"/compliance/indicator-11/?{period}"),
        ("indicator 11: district, on time", "districtadmin", f"/compliance/indicator-11/?{period}&show=on_time"),
        ("indicator 11: school admin", "schooladmin", f"/compliance/indicator-11/?{period}"),
        ("student deadlines: school admin", "schooladmin", f"/students/{student}/deadlines/"),
        ("CSV: one school's overdue", "schooladmin", "/compliance/deadlines.csv?status=overdue"),
        ("calendar page: district admin", "districtadmin", "/compliance/calendar/"),
    ]


def run_pages(repeat: int, today: date) -> list[PageResult]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openiep.people.models import User

    results = []
    for page, username, url in pages(today):
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        queries = len(ctx.captured_queries)
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results.append(PageResult(
            page=page, user=username, url=url, status=response.status_code,
            median_ms=round(statistics.median(times), 1), p95_ms=round(percentile(times, 0.95), 1),
            min_ms=round(min(times), 1), cpu_median_ms=round(statistics.median(cpu), 1), queries=queries,
            kilobytes=round(len(response.content) / 1024, 1),
        ))
        print(f"  {page:<36} {results[-1].median_ms:>8.1f} ms  {queries} queries", file=sys.stderr, flush=True)
    return results


def table(results: list[PageResult]) -> str:
    head = (f"| {'Page':<36} | {'User':<13} | {'median ms':>9} | {'p95 ms':>8} | {'min ms':>7} | {'CPU ms':>7} "
            f"| {'queries':>7} | {'KB':>7} |")
    rule = f"|{'-' * 38}|{'-' * 15}|{'-' * 10}:|{'-' * 9}:|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|"
    rows = [
        f"| {r.page:<36} | {r.user:<13} | {r.median_ms:>9.1f} | {r.p95_ms:>8.1f} | {r.min_ms:>7.1f} "
        f"| {r.cpu_median_ms:>7.1f} | {r.queries:>7} | {r.kilobytes:>7.1f} |"
        + ("" if r.status == 200 else f" HTTP {r.status}")
        for r in results
    ]
    return "\n".join([head, rule, *rows])


def district_export() -> dict:
    """One CSV export of the district's default list (it writes a record-of-access row per student, so once)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openiep.audit.models import AccessRecord
    from openiep.people.models import User

    client = Client()
    client.force_login(User.objects.get(username="districtadmin"))
    before = AccessRecord.objects.filter(kind="export").count()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get("/compliance/deadlines.csv")
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "status": response.status_code, "queries": len(ctx.captured_queries),
            "rows": response.content.count(b"\n") - 1, "kilobytes": round(len(response.content) / 1024, 1),
            "access_records": AccessRecord.objects.filter(kind="export").count() - before}


def recompute_after_calendar(today: date, *, profile: bool) -> dict:
    from openiep.compliance.services import calendar_upload
    from openiep.people.models import District, User

    district = District.objects.get()
    actor = User.objects.get(username="districtadmin")
    ics = district_ics(today)
    profiler = cProfile.Profile() if profile else None
    started, started_cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    upload, report = calendar_upload(district=district, name="bench-calendar.ics", ics=ics, actor=actor)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    result = {"seconds": round(seconds, 1), "cpu_seconds": round(time.process_time() - started_cpu, 1),
              "students": report.students, "deadlines": report.deadlines,
              "failed": len(report.failed), "summary": upload.summary}
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(35)
        out.write("\n--- by own time ---\n")
        stats.sort_stats("tottime").print_stats(25)
        result["profile"] = out.getvalue()
    return result


def analyze() -> None:
    """Planner statistics as a live database has them; on PostgreSQL also VACUUM, which autovacuum does on a
    live server (a recompute deletes and rewrites every deadline: without it the scans read the dead rows)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    database_url, where, remove = scratch_database(args.database_url, stamp, existing=args.existing)
    print(f"Benchmark database: {where}", file=sys.stderr)
    report: dict = {"timestamp": stamp, "state": args.state, "share": args.share, "repeat": args.repeat,
                    "load_average_at_start": os.getloadavg()}
    try:
        configure_django(database_url, debug=args.debug)
        import django
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from openiep.compliance.models import Deadline
        from openiep.compliance.services import deadlines_recompute
        from openiep.demo.seed import seed_district
        from openiep.people.models import Student
        from openiep.referrals.models import Referral

        today = timezone.localdate()
        if not args.existing:
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            print(f"Migrated; seeding {args.students:,} students ({args.state})…", file=sys.stderr)
            seeded = seed_district(students=args.students, seed=args.seed, state=args.state,
                                   progress=sys.stderr.isatty())
            report["seed_seconds"] = round(seeded.seconds, 1)
            print(f"Seeded in {seeded.seconds:.1f} s", file=sys.stderr)
            if Referral.objects.exists():  # a seed that writes cases of its own (openiep.demo.cases)
                report["cases"] = {"from_seed": True, "referrals": Referral.objects.count()}
            else:
                print(f"Adding cases for {args.share:.0%} of the students…", file=sys.stderr)
                started = time.perf_counter()
                report["cases"] = synthetic_cases(share=args.share, seed=args.seed, today=today)
                report["cases_seconds"] = round(time.perf_counter() - started, 1)
            if not Deadline.objects.exists():  # a seed that computes the deadlines itself has done this
                started = time.perf_counter()
                ids = list(Referral.objects.values_list("student_id", flat=True).distinct())
                first = deadlines_recompute(student_ids=ids, strict=False)
                report["first_compute"] = {"seconds": round(time.perf_counter() - started, 1),
                                           "students": first.students, "deadlines": first.deadlines,
                                           "failed": len(first.failed)}
            print(f"Cases {report['cases']}; first compute {report.get('first_compute', 'by the seed')}",
                  file=sys.stderr)
        analyze()
        report["students"] = Student.objects.count()
        report["deadlines"] = Deadline.objects.count()
        report["open_deadlines"] = Deadline.objects.open().count()
        report["overdue_deadlines"] = Deadline.objects.overdue(today).count()
        report["database"] = (
            f"sqlite {'.'.join(map(str, connection.Database.sqlite_version_info))}" if connection.vendor == "sqlite"
            else f"postgresql {connection.pg_version // 10000}"
        )
        print(f"Requesting {len(pages(today))} pages {args.repeat} times each…", file=sys.stderr)
        results = run_pages(args.repeat, today)
        report["pages"] = [asdict(r) for r in results]
        report["district_export"] = district_export()
        print(f"District CSV export: {report['district_export']}", file=sys.stderr)
        print("Uploading a school calendar and recomputing the district…", file=sys.stderr)
        report["recompute"] = recompute_after_calendar(today, profile=args.profile)
        # The dashboard again, now that every deadline has been rewritten.
        analyze()
        report["pages_after_recompute"] = [asdict(r) for r in run_pages(args.repeat, today)[:1]]
        report["load_average_at_end"] = os.getloadavg()
        report["python"] = platform.python_version()
        report["django"] = django.get_version()
        report["cpu_count"] = os.cpu_count()
        connection.close()
    finally:
        if not args.keep:
            remove()

    profile_text = report["recompute"].pop("profile", None)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"compliance-{stamp}.json"
    out.write_text(json.dumps({**report, "recompute_profile": profile_text}, indent=2) + "\n", encoding="utf-8")
    dashboard = next(r for r in results if r.page == "dashboard: district admin")
    recompute = report["recompute"]
    print(f"\n{report['students']:,} students on {report['database']} ({args.state}); {report['deadlines']:,} deadlines, "
          f"{report['open_deadlines']:,} open, {report['overdue_deadlines']:,} overdue; {args.repeat} requests per page; "
          f"load average {report['load_average_at_start'][0]:.1f} → {report['load_average_at_end'][0]:.1f} "
          f"on {os.cpu_count()} CPUs\n")
    print(table(results))
    print(f"\nDistrict dashboard median {dashboard.median_ms} ms, {dashboard.queries} queries "
          f"(target ≤ {DASHBOARD_TARGET_MS} ms): {'OK' if dashboard.median_ms <= DASHBOARD_TARGET_MS else 'OVER'}")
    print(f"District CSV export (once): {report['district_export']}")
    print(f"Recompute after a calendar change: {recompute['seconds']} s (CPU here {recompute['cpu_seconds']} s) for {recompute['students']:,} students, "
          f"{recompute['deadlines']:,} deadlines, {recompute['failed']} failed "
          f"(target ≤ {RECOMPUTE_TARGET_S} s): {'OK' if recompute['seconds'] <= RECOMPUTE_TARGET_S else 'OVER'}")
    after = report["pages_after_recompute"][0]
    print(f"District dashboard after the recompute: median {after['median_ms']} ms (min {after['min_ms']}), "
          f"{after['queries']} queries")
    if profile_text:
        print("\n" + profile_text)
    print(f"\nWritten to {out.relative_to(ROOT)}")
    return 0 if all(r.status == 200 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
