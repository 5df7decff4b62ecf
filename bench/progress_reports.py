"""Progress-report benchmark: 1,000 reports (HTML → PDF with each goal's chart) made by background workers.

    .venv/bin/python bench/progress_reports.py --database-url postgres://postgres@127.0.0.1:5432/
                                               [--reports 1000] [--workers 2] [--keep]

1. Creates a scratch database (as bench/run.py), migrates it and seeds a district (``openiep.demo.seed``) where
   enough students have an IEP in effect, each with two goals, twelve weeks of weekly progress data and a rating.
2. Queues the reports of ``--reports`` IEPs for the current reporting period exactly as the bulk page does
   (``progress.tasks.enqueue_reports``: batches of 25 on the django-tasks database queue), then starts
   ``--workers`` ``openiep db_worker --batch`` processes and times them from the first queued task to the
   last report stored (each PDF rendered by WeasyPrint, stored as a document with its SHA-256, the family
   emailed through the console backend, whose output goes to a file).
3. Checks every report and document is there, prints the time, writes JSON to
   ``bench/results/progress-reports-<timestamp>.json`` and drops the database unless ``--keep``.

Target (issue): 1,000 reports within 5 minutes on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from run import configure_django, scratch_database  # noqa: E402

TARGET_S = 300


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    database_url, where, remove = scratch_database(args.database_url, stamp, existing=False)
    media = tempfile.mkdtemp(prefix="openiep-bench-media-")
    os.environ["OPENIEP_MEDIA_ROOT"] = media
    RESULTS.mkdir(parents=True, exist_ok=True)
    mail_log = RESULTS / f"progress-reports-{stamp}-emails.txt"
    print(f"Benchmark database: {where}; files in {media}", file=sys.stderr)
    report: dict = {"timestamp": stamp, "workers": args.workers, "load_average_at_start": os.getloadavg()}
    try:
        configure_django(database_url, debug=False)
        from django.core.management import call_command
        from django.utils import timezone

        from openiep.demo import implementation as demo_delivery
        from openiep.demo.seed import seed_district
        from openiep.documents.models import Document
        from openiep.iep.models import IEP
        from openiep.people.models import User
        from openiep.progress.models import ProgressRating, ProgressReport, Rating
        from openiep.progress.reports import period_for
        from openiep.progress.tasks import enqueue_reports

        call_command("migrate", verbosity=0)
        demo_delivery.SEED_WEEKS = 12
        demo_delivery.IEP_SHARE = 0.4
        students = max(500, int(args.reports / 0.3) + 100)
        seeded = seed_district(students=students, seed=1)
        print(f"Seeded {students:,} students in {seeded.seconds:.1f} s", file=sys.stderr)
        today = timezone.localdate()
        actor = User.objects.get(username="districtadmin")
        ieps = [iep for iep in IEP.objects.in_effect().order_by("pk") if period_for(iep, today)][:args.reports]
        ratings = []
        for iep in ieps:
            period = period_for(iep, today)
            for goal in iep.goals.all():
                ratings.append(ProgressRating(goal=goal, student_id=iep.student_id, period_number=period.number,
                                              period_first=period.first, period_last=period.last,
                                              rating=Rating.SUFFICIENT, recorded_by=actor,
                                              narrative="Reads more words each week; on track for the goal."))
        ProgressRating.objects.bulk_create(ratings, batch_size=2000)
        report["reports_queued"] = len(ieps)
        started = time.perf_counter()
        tasks = enqueue_reports(iep_ids=[i.pk for i in ieps], day=today, actor=actor)
        with mail_log.open("w") as out:
            workers = [subprocess.Popen([str(ROOT / ".venv" / "bin" / "openiep"), "db_worker", "--batch",
                                         "--no-startup-delay", "--worker-id", f"bench-{n}"],
                                        stdout=out, stderr=subprocess.STDOUT, env=os.environ.copy())
                       for n in range(args.workers)]
            codes = [w.wait() for w in workers]
        seconds = time.perf_counter() - started
        made = ProgressReport.objects.filter(document__isnull=False).count()
        report.update({
            "tasks": tasks, "seconds": round(seconds, 1), "worker_exit_codes": codes, "reports_made": made,
            "documents": Document.objects.filter(kind="progress_report").count(),
            "parents_notified": ProgressReport.objects.filter(parents_notified_at__isnull=False).count(),
            "reports_per_second": round(made / seconds, 2), "load_average_at_end": os.getloadavg(),
            "mean_pdf_kilobytes": round(sum(d.size for d in Document.objects.all()) / max(1, made) / 1024, 1),
        })
        from django.db import connection

        connection.close()  # or the scratch database cannot be dropped
    finally:
        if not args.keep:
            remove()
    (RESULTS / f"progress-reports-{stamp}.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(json.dumps(report, indent=2, default=str))
    ok = report.get("reports_made") == report.get("reports_queued") and report.get("seconds", 1e9) <= TARGET_S
    print(f"{report.get('reports_made')} reports in {report.get('seconds')} s with {args.workers} workers "
          f"(target {args.reports} within {TARGET_S} s): {'OK' if ok else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
