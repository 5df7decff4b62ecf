"""Load test: ``python bench/load.py [--students N] [--users U] [--minutes M] [--database-url URL]``.

Builds a scratch database (PostgreSQL when ``--database-url`` names a server, else an SQLite file), seeds N
students, collects static files, serves the **production configuration** (``OPENIEP_DEBUG`` off, gunicorn with
``deploy/gunicorn.conf.py``, WhiteNoise, hashed static files) on 127.0.0.1 at a free port, then runs locust
headless with U concurrent users mixing case managers, providers and parents (``bench/locustfile.py``) for M
minutes, bounded also by ``--max-requests``. Prints requests, failures, median and 95th percentile per page, and
writes them as JSON to bench/results/load-<timestamp>.json.

Default: a short run (2,000 students, 20 users, 1 minute). The full run of the issue:
``python bench/load.py --students 100000 --users 200 --minutes 10 --database-url postgres://postgres@127.0.0.1:5432/``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from run import RESULTS, scratch_database  # noqa: E402 - bench/ is not a package

BIN = Path(sys.executable).parent


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--users", type=int, default=20, help="Concurrent users (default 20)")
    parser.add_argument("--minutes", type=float, default=1.0, help="How long the load runs (default 1)")
    parser.add_argument("--max-requests", type=int, default=200_000,
                        help="Stop early after this many requests (default 200,000)")
    parser.add_argument("--spawn-rate", type=float, default=0, help="Users started per second (default: users/10)")
    parser.add_argument("--web-workers", type=int, default=0, help="gunicorn processes (default 2 x CPUs + 1)")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--existing", action="store_true", help="Use --database-url as it is: no create, seed, drop")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database")
    return parser.parse_args(argv)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, cwd=ROOT, check=True)


def main(argv=None) -> int:
    options = parse_args(argv)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    url, description, remove = scratch_database(options.database_url, stamp, existing=options.existing)
    work = Path(tempfile.mkdtemp(prefix="openiep-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "openiep.settings", "OPENIEP_DEBUG": "false",
        "OPENIEP_SECRET_KEY": "load-" + secrets.token_urlsafe(40), "OPENIEP_ALLOWED_HOSTS": "127.0.0.1",
        "OPENIEP_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1; everything else as in production
        "OPENIEP_MFA_REQUIRED_ROLES": "",  # the load measures pages, not typing authenticator codes
        "OPENIEP_STATIC_MANIFEST": "true", "OPENIEP_STATIC_ROOT": str(work / "static"),
        "OPENIEP_LOG_LEVEL": "WARNING", "OPENIEP_ACCESS_LOG": "false",
    }
    if options.web_workers:
        env["OPENIEP_WEB_WORKERS"] = str(options.web_workers)
    openiep = str(BIN / "openiep")
    server = None
    try:
        print(f"Database: {description}", file=sys.stderr)
        if not options.existing:
            _run([openiep, "migrate", "--noinput", "-v", "0"], env)
            started = time.monotonic()
            _run([openiep, "seed", "--students", str(options.students), "--seed", "1", "--quiet", "--if-empty"], env)
            print(f"Seeded {options.students} students in {time.monotonic() - started:.0f} s", file=sys.stderr)
        _run([openiep, "collectstatic", "--noinput", "-v", "0"], env)
        port = _free_port()
        host = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                                   "--bind", f"127.0.0.1:{port}", "openiep.wsgi"], env=env, cwd=ROOT)
        for _ in range(200):
            try:
                urllib.request.urlopen(host + "/readyz", timeout=2)  # noqa: S310 - 127.0.0.1
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not become ready")
        prefix = work / "stats"
        spawn = options.spawn_rate or max(1.0, options.users / 10)
        seconds = max(1, int(options.minutes * 60))
        locust = subprocess.Popen(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", host,
             "-u", str(options.users), "-r", str(spawn), "-t", f"{seconds}s", "--csv", str(prefix),
             "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"],
            env=env, cwd=ROOT,
        )
        deadline = time.monotonic() + seconds + 60
        while locust.poll() is None:  # the request bound: stop locust once enough requests were made
            time.sleep(2)
            stats = Path(f"{prefix}_stats.csv")
            if stats.exists() and _total(stats) >= options.max_requests or time.monotonic() > deadline:
                locust.send_signal(signal.SIGINT)
                locust.wait(timeout=60)
        rows = _report(Path(f"{prefix}_stats.csv"))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        if not options.keep:
            remove()
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-{stamp}.json"
    out.write_text(json.dumps({"students": options.students, "users": options.users, "minutes": options.minutes,
                               "database": description, "pages": rows}, indent=2))
    print(f"\nWritten to {out.relative_to(ROOT)}", file=sys.stderr)
    failures = sum(r["failures"] for r in rows)
    return 1 if failures else 0


def _total(stats: Path) -> int:
    with stats.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                return int(row["Request Count"])
    return 0


def _report(stats: Path) -> list[dict]:
    rows = []
    with stats.open() as handle:
        for row in csv.DictReader(handle):
            rows.append({"page": row["Name"], "method": row["Type"], "requests": int(row["Request Count"]),
                         "failures": int(row["Failure Count"]), "median_ms": float(row["50%"] or 0),
                         "p95_ms": float(row["95%"] or 0), "max_ms": float(row["Max Response Time"] or 0),
                         "rps": round(float(row["Requests/s"] or 0), 1)})
    print(f"\n| {'Page':<22} | {'requests':>8} | {'failures':>8} | {'median ms':>9} | {'p95 ms':>7} | {'max ms':>7} |")
    print(f"|{'-' * 24}|{'-' * 9}:|{'-' * 9}:|{'-' * 10}:|{'-' * 8}:|{'-' * 8}:|")
    for r in rows:
        print(f"| {r['page']:<22} | {r['requests']:>8} | {r['failures']:>8} | {r['median_ms']:>9.0f} | "
              f"{r['p95_ms']:>7.0f} | {r['max_ms']:>7.0f} |")
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
