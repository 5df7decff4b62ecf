"""Service-delivery benchmarks: the delivery dashboard and a goal chart over a school year of service logs.

    .venv/bin/python bench/delivery.py --database-url postgres://postgres@127.0.0.1:5432/
                                       [--students 100000] [--iep-share 0.15] [--repeat 20] [--keep]

1. Creates a scratch database (as bench/run.py), migrates it and seeds N students (``openiep.demo.seed``) with
   ``openiep.demo.implementation`` set to give ``--iep-share`` of the students an IEP in effect (two or three
   services, two goals; in effect since 10 to 12 months ago) and to log every session since each service started (a
   school year: ≥ 5 million rows at 100,000 students), with weekly progress data on each goal.
2. ``VACUUM ANALYZE``; times the morning refresh of every service's delivery totals (``delivery_refresh_all``).
3. Requests the dashboard (district, one school, a provider, a case manager), a student's services page and
   the goal pages (chart) in-process with Django's test client: a warm-up, a counted request, then
   ``--repeat`` timed requests (median, p95).
4. Prints a table, writes JSON to ``bench/results/delivery-<timestamp>.json``, drops the database unless
   ``--keep`` (``--existing --database-url URL`` measures a database kept earlier).

Targets (issue): district delivery dashboard and a goal chart, median ≤ 200 ms server time on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import configure_django, percentile, scratch_database  # noqa: E402  (bench/run.py)

TARGET_MS = 200


@dataclass
class PageResult:
    page: str
    user: str
    url: str
    status: int
    median_ms: float
    p95_ms: float
    min_ms: float
    queries: int
    kilobytes: float


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100_000)
    parser.add_argument("--iep-share", type=float, default=0.2, help="Share of students with an IEP in effect")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--existing", action="store_true")
    parser.add_argument("--debug", action="store_true")
    return parser.parse_args(argv)


def pages() -> list[tuple[str, str, str]]:
    from django.db.models import Count

    from openiep.access.policy import students_visible_to
    from openiep.iep.models import Goal
    from openiep.implementation.models import ServiceLog
    from openiep.people.models import User

    admin = User.objects.get(username="schooladmin")
    provider = User.objects.filter(role=User.Role.PROVIDER, team_memberships__isnull=False).annotate(
        n=Count("team_memberships")).order_by("-n").first()
    manager = User.objects.get(username="casemanager")
    busiest = ServiceLog.objects.values("student_id").annotate(n=Count("id")).order_by("-n").first()["student_id"]
    goal = Goal.objects.filter(iep__status="in_effect").annotate(n=Count("progress_points")).order_by("-n").first()
    visible = students_visible_to(manager)
    managed = visible.filter(ieps__status="in_effect").values_list("pk", flat=True).first() \
        or visible.values_list("pk", flat=True).first()
    return [
        ("dashboard: district admin", "districtadmin", "/services/delivery/"),
        ("dashboard: district, one school", "districtadmin", f"/services/delivery/?school={admin.school_id}"),
        ("dashboard: school admin", "schooladmin", "/services/delivery/"),
        ("dashboard: provider", provider.username, "/services/delivery/"),
        ("dashboard: case manager", "casemanager", "/services/delivery/"),
        ("group session: provider", provider.username, "/services/group-session/"),
        ("student services: most sessions", "districtadmin", f"/students/{busiest}/services/"),
        ("goal chart: most points", "districtadmin", f"/students/{goal.iep.student_id}/progress/goals/{goal.pk}/"),
        ("goals with charts", "districtadmin", f"/students/{goal.iep.student_id}/progress/"),
        ("case manager's student", "casemanager", f"/students/{managed}/services/"),
    ]


def run_pages(repeat: int) -> list[PageResult]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openiep.people.models import User

    results = []
    for page, username, url in pages():
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        queries = len(ctx.captured_queries)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        results.append(PageResult(page, username, url, response.status_code, round(statistics.median(times), 1),
                                  round(percentile(times, 0.95), 1), round(min(times), 1), queries,
                                  round(len(response.content) / 1024, 1)))
        print(f"  {page:<36} {results[-1].median_ms:>8.1f} ms  {queries} queries", file=sys.stderr, flush=True)
    return results


def main(argv=None) -> int:
    args = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    database_url, where, remove = scratch_database(args.database_url, stamp, existing=args.existing)
    print(f"Benchmark database: {where}", file=sys.stderr)
    report: dict = {"timestamp": stamp, "load_average_at_start": os.getloadavg(), "repeat": args.repeat}
    try:
        configure_django(database_url, debug=args.debug)
        from django.core.management import call_command
        from django.db import connection

        from openiep.demo import implementation as demo_delivery
        from openiep.demo.seed import seed_district
        from openiep.iep.models import IEP, Service
        from openiep.implementation.models import ServiceLog
        from openiep.implementation.services import delivery_refresh_all
        from openiep.progress.models import ProgressPoint

        if not args.existing:
            call_command("migrate", verbosity=0)
            demo_delivery.SEED_WEEKS = None  # every session since each service started
            demo_delivery.IEP_SHARE = args.iep_share
            demo_delivery.IEP_START_DAYS = (300, 364)  # a school year of sessions behind each IEP
            print(f"Seeding {args.students:,} students, {args.iep_share:.0%} with an IEP in effect…", file=sys.stderr)
            seeded = seed_district(students=args.students, seed=args.seed, progress=sys.stderr.isatty())
            report["seed_seconds"] = round(seeded.seconds, 1)
            report["seed_counts"] = {k: v for k, v in seeded.counts.items()
                                     if k in {"ieps_added", "service_logs", "progress_points", "services_refreshed"}}
            print(f"Seeded in {seeded.seconds:.1f} s: {report['seed_counts']}", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        report["rows"] = {"ieps_in_effect": IEP.objects.in_effect().count(),
                          "services": Service.objects.filter(iep__status="in_effect").count(),
                          "service_logs": ServiceLog.objects.count(), "progress_points": ProgressPoint.objects.count()}
        print(f"Rows: {report['rows']}", file=sys.stderr)
        started = time.perf_counter()
        refreshed = delivery_refresh_all()  # ends with ANALYZE of the totals it rewrote
        report["refresh_all"] = {"services": refreshed, "seconds": round(time.perf_counter() - started, 1)}
        print(f"Morning refresh: {report['refresh_all']}", file=sys.stderr)
        report["database"] = (f"postgresql {connection.pg_version // 10000}" if connection.vendor == "postgresql"
                              else "sqlite")
        results = run_pages(args.repeat)
        report["pages"] = [asdict(r) for r in results]
        report["load_average_at_end"] = os.getloadavg()
        connection.close()
    finally:
        if not args.keep:
            remove()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"delivery-{stamp}.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"\n{args.students:,} students on {report['database']}; rows {report['rows']}; "
          f"refresh {report['refresh_all']}; load {report['load_average_at_start'][0]:.1f} → "
          f"{report['load_average_at_end'][0]:.1f}\n")
    print("| Page | User | median ms | p95 ms | queries | KB |\n|---|---|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r.page} | {r.user} | {r.median_ms} | {r.p95_ms} | {r.queries} | {r.kilobytes} |"
              + ("" if r.status == 200 else f" HTTP {r.status}"))
    for name in ("dashboard: district admin", "goal chart: most points"):
        r = next(x for x in results if x.page == name)
        print(f"{name}: median {r.median_ms} ms (target ≤ {TARGET_MS} ms): {'OK' if r.median_ms <= TARGET_MS else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
