"""How much the record of access (34 CFR 300.614) adds to a page: one INSERT per recorded read.

    .venv/bin/python bench/record_of_access.py [--database-url URL] [--repeat 500]

Creates a scratch database (SQLite file under bench/results/, or the PostgreSQL URL given, which it
migrates), then times ``access_record_add`` the way a page calls it and prints the median and p95.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'bench' / 'results' / 'record_of_access.sqlite3'}")
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    if args.database_url.startswith("sqlite:///"):
        Path(args.database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("OPENIEP_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openiep.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import RequestFactory

    from openiep.audit.services import access_record_add
    from openiep.people.tests.factories import StudentFactory, UserFactory

    call_command("migrate", verbosity=0)
    student = StudentFactory()
    user = UserFactory(district=student.district)
    request = RequestFactory().get(f"/students/{student.pk}/")
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        access_record_add(user=user, student=student, record="Student profile", request=request)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"record of access, {args.repeat} reads on {django.db.connection.vendor}: "
        f"median {statistics.median(times):.3f} ms, p95 {times[int(len(times) * 0.95)]:.3f} ms"
    )


if __name__ == "__main__":
    main()
