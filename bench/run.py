"""Page benchmarks on a seeded district: ``python bench/run.py [--students N] [--database-url URL] [--repeat R]``.

Creates a scratch database (an SQLite file under bench/results/, or a new PostgreSQL database on the
server named by ``--database-url``), migrates it, seeds N students with ``openiep.demo.seed`` (timed), then
requests each main page as the demo user who sees it, in-process with Django's test client, R times.
Prints median and 95th-percentile server time and the number of queries per page, and writes the same as
JSON to bench/results/<timestamp>.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


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


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=int(os.environ.get("BENCH_STUDENTS", "100000")),
                        help="Students to seed (default: $BENCH_STUDENTS or 100000)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="postgres://user@host:port/ to benchmark PostgreSQL (a scratch database is created "
                             "on that server); default: an SQLite file under bench/results/")
    parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="Random seed for the synthetic district")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database afterwards")
    parser.add_argument("--existing", action="store_true",
                        help="Use --database-url as it is (already migrated and seeded): no create, seed or drop")
    parser.add_argument("--debug", action="store_true",
                        help="Run with OPENIEP_DEBUG=true (slower templates); the default is production-like")
    return parser.parse_args(argv)


# ---------------------------------------------------------------------------------------------- database
def _server_dsn(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{dbname}", parts.query, ""))


def _pg_admin(url: str, statement: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_server_dsn(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


def scratch_database(url: str | None, stamp: str, *, existing: bool) -> tuple[str, str, Callable[[], None]]:
    """(DATABASE_URL to use, a description, a function that removes it)."""
    if existing:
        if not url:
            raise SystemExit("--existing needs --database-url")
        return url, "existing database", lambda: None
    if not url:
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"bench-{stamp}.sqlite3"

        def remove() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        return f"sqlite:///{path}", f"SQLite file {path.relative_to(ROOT)}", remove
    if urlsplit(url).scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"Only SQLite (the default) or a postgres:// URL are supported, not {url!r}")
    # A new database with its own name, so a benchmark can never overwrite real data.
    name = f"openiep_bench_{stamp}"
    _pg_admin(url, "CREATE DATABASE {}", name)
    return _server_dsn(url, name), f"PostgreSQL database {name}", lambda: _pg_admin(url, "DROP DATABASE {}", name)


def configure_django(database_url: str, *, debug: bool) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "openiep.settings"
    os.environ["OPENIEP_DEBUG"] = "true" if debug else "false"
    # Production-like settings, minus HTTPS (the test client speaks plain HTTP to "testserver").
    os.environ.setdefault("OPENIEP_SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    os.environ["OPENIEP_SSL_REDIRECT"] = "false"
    os.environ["OPENIEP_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("OPENIEP_LOG_LEVEL", "WARNING")
    # Benchmarks measure pages, not typing authenticator codes (production asks staff for a second factor).
    os.environ.setdefault("OPENIEP_MFA_REQUIRED_ROLES", "")
    # In-process requests without collectstatic: static files come from the app folders (WhiteNoise finders).
    os.environ.setdefault("OPENIEP_STATIC_MANIFEST", "false")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------- pages
def pages() -> list[tuple[str, str, str]]:
    """(page, demo user, URL) for each main page, pointed at the demo records."""
    from openiep.people.models import Student, User

    admin = User.objects.get(username="schooladmin")
    child = Student.objects.filter(guardianships__guardian__user__username="parent").order_by("pk").first()
    student = f"/students/{child.pk}/"
    return [
        ("home: case manager", "casemanager", "/"),
        ("home: special-ed teacher", "spedteacher", "/"),
        ("home: general-ed teacher", "genedteacher", "/"),
        ("home: provider (speech)", "provider", "/"),
        ("home: school psychologist", "psychologist", "/"),
        ("home: evaluator", "evaluator", "/"),
        ("school page: school admin", "schooladmin", f"/schools/{admin.school_id}/"),
        ("home: district admin", "districtadmin", "/"),
        ("home: parent", "parent", "/"),
        ("home: advocate", "advocate", "/"),
        ("student list: district admin", "districtadmin", "/students/"),
        ("student list p.100: district admin", "districtadmin", "/students/?page=100"),
        ("student search: district admin", "districtadmin", "/students/?q=garc"),
        ("student search: case manager", "casemanager", "/students/?q=a"),
        ("profile: case manager", "casemanager", student),
        ("profile: parent", "parent", student),
        ("access record: case manager", "casemanager", f"{student}access-record/"),
        ("history: case manager", "casemanager", f"{student}history/"),
        *family_pages(),
    ]


def family_pages() -> list[tuple[str, str, str]]:
    """The family portal's pages (parent, padre) and the staff safeguards pages."""
    from openiep.people.models import Student
    from openiep.referrals.models import Consent

    consent = Consent.objects.filter(guardian__isnull=True, status="requested",
                                     student__guardianships__guardian__user__username="parent").order_by("pk").first()
    padre_child = Student.objects.filter(guardianships__guardian__user__username="padre").order_by("pk").first()
    child = consent.student_id if consent else padre_child.pk
    family = f"/students/{child}/family/"
    rows = [
        ("home: padre (Spanish)", "padre", "/"),
        ("portal: records request form", "padre", f"/students/{padre_child.pk}/family/records/"),
        ("portal: evaluation request form", "parent", f"{family}request-evaluation/"),
        ("portal: rights", "parent", f"{family}rights/"),
        ("portal: independent evaluation form", "parent", f"{family}iee/"),
        ("access record: parent", "parent", f"/students/{child}/access-record/"),
        ("sharing: parent", "parent", f"/students/{child}/sharing/"),
        ("safeguards: case manager", "casemanager", f"/students/{padre_child.pk}/safeguards/"),
        ("safeguards open list: district admin", "districtadmin", "/safeguards/"),
    ]
    if consent:
        rows.insert(1, ("portal: consent to sign", "parent", f"{family}consents/{consent.pk}/"))
    return rows


def add_history() -> None:
    """Some real edits to the demo child, so the change-history page has rows (seeding writes no history)."""
    from openiep.people import services
    from openiep.people.models import Student, User

    child = Student.objects.filter(guardianships__guardian__user__username="parent").order_by("pk").first()
    actor = User.objects.get(username="casemanager")
    for i in range(6):
        services.student_update(student=Student.objects.get(pk=child.pk), actor=actor,
                                data={"preferred_name": f"{child.first_name[:3]}{i}", "english_learner": i % 2 == 0})


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def run_pages(repeat: int) -> list[PageResult]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openiep.people.models import User

    results = []
    for page, username, url in pages():
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(url)  # warm-up: template compilation, first connection
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        # Read now: captured_queries is a view on connection.queries, which the next request resets.
        queries = len(ctx.captured_queries)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        results.append(PageResult(
            page=page, user=username, url=url, status=response.status_code,
            median_ms=round(statistics.median(times), 1), p95_ms=round(percentile(times, 0.95), 1),
            min_ms=round(min(times), 1), queries=queries,
            kilobytes=round(len(response.content) / 1024, 1),
        ))
        print(f"  {page:<36} {results[-1].median_ms:>8.1f} ms", file=sys.stderr, flush=True)
    return results


def table(results: list[PageResult]) -> str:
    head = f"| {'Page':<36} | {'User':<13} | {'median ms':>9} | {'p95 ms':>8} | {'queries':>7} | {'KB':>7} |"
    rule = f"|{'-' * 38}|{'-' * 15}|{'-' * 10}:|{'-' * 9}:|{'-' * 8}:|{'-' * 8}:|"
    rows = [
        f"| {r.page:<36} | {r.user:<13} | {r.median_ms:>9.1f} | {r.p95_ms:>8.1f} | {r.queries:>7} | {r.kilobytes:>7.1f} |"
        + ("" if r.status == 200 else f" HTTP {r.status}")
        for r in results
    ]
    return "\n".join([head, rule, *rows])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    database_url, where, remove = scratch_database(args.database_url, stamp, existing=args.existing)
    print(f"Benchmark database: {where}", file=sys.stderr)
    try:
        configure_django(database_url, debug=args.debug)
        from django.core.management import call_command
        from django.db import connection

        from openiep.demo.seed import seed_district
        from openiep.people.models import Student

        migrate_seconds = seed_seconds = analyze_seconds = None
        if not args.existing:
            started = time.perf_counter()
            call_command("migrate", verbosity=0)
            migrate_seconds = round(time.perf_counter() - started, 1)
            print(f"Migrated in {migrate_seconds} s; seeding {args.students:,} students…", file=sys.stderr)
            result = seed_district(students=args.students, seed=args.seed, progress=sys.stderr.isatty())
            seed_seconds = round(result.seconds, 1)
            print(f"Seeded in {seed_seconds} s", file=sys.stderr)
            add_history()
            # A live database has planner statistics; a freshly bulk-loaded one has none until autovacuum
            # (PostgreSQL) or someone (SQLite) runs ANALYZE, and its query plans would not be representative.
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            analyze_seconds = round(time.perf_counter() - started, 1)
        students = Student.objects.count()
        vendor = f"{connection.vendor} {'.'.join(map(str, connection.Database.sqlite_version_info))}" \
            if connection.vendor == "sqlite" else f"{connection.vendor} {connection.pg_version // 10000}"
        print(f"Requesting {len(pages())} pages {args.repeat} times each…", file=sys.stderr)
        results = run_pages(args.repeat)
        connection.close()
    finally:
        if not args.keep:
            remove()

    import django

    report = {
        "timestamp": stamp,
        "students": students,
        "database": vendor,
        "debug": args.debug,
        "migrate_seconds": migrate_seconds,
        "seed_seconds": seed_seconds,
        "analyze_seconds": analyze_seconds,
        "repeat": args.repeat,
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpu_count": os.cpu_count(),
        "pages": [asdict(r) for r in results],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{stamp}.json"
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\n{students:,} students on {vendor}; seed {seed_seconds} s; {args.repeat} requests per page; "
          f"server time in-process (no network)\n")
    print(table(results))
    print(f"\nWritten to {out.relative_to(ROOT)}")
    bad = [r for r in results if r.status != 200]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
