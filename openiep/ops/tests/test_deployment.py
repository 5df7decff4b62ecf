# ruff: noqa: S603, S607 - the tests start this project's own programs and system tools, with fixed arguments
"""The production configuration as far as this machine can check it: units, image recipe, gunicorn serving it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.*"))


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_the_systemd_units_verify_cleanly(tmp_path):
    assert {u.name for u in UNITS} >= {"openiep-web.service", "openiep-worker.service", "openiep-backup.service",
                                       "openiep-backup.timer"}
    for unit in UNITS:  # the units name /opt/openiep; here that is this checkout
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/openiep", str(ROOT)))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True, text=True, env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"}, timeout=60,
    )
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if str(tmp_path) in line]
    assert result.returncode == 0 and not complaints, "\n".join(complaints) or result.stderr


def _instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def test_the_containerfile_uses_files_that_exist_and_runs_the_three_roles():
    steps = _instructions((ROOT / "Containerfile").read_text())
    assert steps[0][0] == "FROM"
    known = {"FROM", "ENV", "RUN", "WORKDIR", "COPY", "USER", "EXPOSE", "VOLUME", "ENTRYPOINT", "CMD", "ARG", "LABEL"}
    assert {word for word, _ in steps} <= known
    for word, rest in steps:
        if word == "COPY":
            *sources, _dest = shlex.split(rest)
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    run = " ".join(rest for word, rest in steps if word == "RUN")
    assert "postgresql-client" in run and "collectstatic" in run
    assert ("USER", "openiep") in steps
    entrypoint = ROOT / "deploy" / "entrypoint.sh"
    assert os.access(entrypoint, os.X_OK)
    script = entrypoint.read_text()
    for role in ("web)", "worker)", "migrate)", "db_worker", "gunicorn -c /app/deploy/gunicorn.conf.py"):
        assert role in script
    assert subprocess.run(["sh", "-n", str(entrypoint)], timeout=10).returncode == 0


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "OPENIEP_DEBUG": "false",
        "OPENIEP_SECRET_KEY": "gunicorn-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite3'}",
        "OPENIEP_ALLOWED_HOSTS": "127.0.0.1",
        "OPENIEP_SSL_REDIRECT": "false",
        "OPENIEP_STATIC_ROOT": str(tmp_path / "static"),
        "OPENIEP_STATIC_MANIFEST": "true",
        "OPENIEP_MEDIA_ROOT": str(tmp_path / "media"),
        "OPENIEP_WEB_WORKERS": "2",
        "OPENIEP_ACCESS_LOG": "false",
    }


def test_gunicorn_accepts_the_configuration(tmp_path):
    result = subprocess.run(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "--check-config", "openiep.wsgi"],
        capture_output=True, text=True, env=_env(tmp_path), cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - 127.0.0.1 only
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def test_the_production_configuration_serves_pages_health_and_hashed_static_files_under_gunicorn(tmp_path):
    env = _env(tmp_path)
    openiep = str(BIN / "openiep")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        done = subprocess.run([openiep, *command], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    port = _free_port()
    env["OPENIEP_BIND"] = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "openiep.wsgi"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                status, _, body = _get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer within 10 seconds")
        assert status == 200 and '"ok"' in body
        status, _, body = _get(base + "/readyz")
        assert status == 200 and '"migrations_pending": 0' in body
        status, headers, page = _get(base + "/sign-in/")
        assert status == 200 and "Sign in to OpenIEP" in page
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        css = re.search(r'href="(/static/openiep/app\.[0-9a-f]{12}\.css)"', page)
        assert css, "the page links the hashed (manifest) name of the stylesheet"
        status, headers, _ = _get(base + css.group(1))
        assert status == 200 and "max-age=315360000" in headers.get("Cache-Control", "")
        status, _, _ = _get(base + "/")
        assert status == 200  # urllib followed the redirect to the sign-in page
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    lines = [line for line in output.splitlines() if line.startswith("{")]
    assert lines, f"gunicorn logged no JSON lines:\n{output[-2000:]}"


def test_the_worker_unit_and_the_container_run_a_command_that_exists(tmp_path):
    unit = (ROOT / "deploy" / "systemd" / "openiep-worker.service").read_text()
    assert "ExecStart=/opt/openiep/.venv/bin/openiep db_worker" in unit
    done = subprocess.run([str(BIN / "openiep"), "db_worker", "--help"], env=_env(tmp_path), cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "--queue-name" in done.stdout, done.stderr
