"""gunicorn settings for OpenIEP: ``gunicorn -c deploy/gunicorn.conf.py openiep.wsgi``.

Every value comes from the environment so one file serves a container, a systemd unit and the tests.
The app keeps nothing in process memory that another process needs (sessions, tasks and lockouts are in
the database), so any number of these processes can run against one PostgreSQL.
"""

import multiprocessing
import os

bind = os.environ.get("OPENIEP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("OPENIEP_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("OPENIEP_WEB_THREADS", "1"))
timeout = int(os.environ.get("OPENIEP_WEB_TIMEOUT", "60"))  # a PDF or a CSV export may take a while
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak in any library never grows without bound.
max_requests = int(os.environ.get("OPENIEP_WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Only the reverse proxy may set X-Forwarded-For / -Proto (OPENIEP_BEHIND_PROXY=true in the app).
forwarded_allow_ips = os.environ.get("OPENIEP_FORWARDED_ALLOW_IPS", "127.0.0.1")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's heartbeat files
accesslog = "-"
errorlog = "-"
access_log_format = '{"remote": "%(h)s", "request": "%(m)s %(U)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s}'
# Access and error lines as JSON objects, like the app's own logs.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "openiep.ops.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
if os.environ.get("OPENIEP_ACCESS_LOG", "true").lower() in {"0", "false", "no", "off"}:
    accesslog = None
