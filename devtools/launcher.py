"""What ``manage.py`` runs once inside the virtualenv: services, migrations, then web + worker or tests."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from devtools.services import EmbeddedPostgres, EmbeddedRedis, state_dir


def _start_services(stack: ExitStack) -> None:
    """Start embedded servers for whichever of DATABASE_URL / REDIS_URL is unset."""
    state = state_dir()
    if not os.environ.get("DATABASE_URL"):
        pg = EmbeddedPostgres(state)
        os.environ["DATABASE_URL"] = pg.start()
        stack.callback(pg.stop)
        print(f"embedded PostgreSQL: {os.environ['DATABASE_URL']}", flush=True)
    if not os.environ.get("REDIS_URL"):
        rd = EmbeddedRedis(state)
        os.environ["REDIS_URL"] = rd.start()
        stack.callback(rd.stop)
        print(f"embedded Redis: {os.environ['REDIS_URL']}", flush=True)


def _compile_catalogues() -> None:
    """Compile the gettext catalogues (``.mo`` files are build output, not committed)."""
    from app.i18n.catalogue import DOMAIN, LOCALES_DIR

    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "--quiet", "compile",
                    "-d", str(LOCALES_DIR), "-D", DOMAIN], check=True)


def _migrate() -> None:
    subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], check=True)


def _run_service() -> int:
    from devtools.local_twilio import local_mode_environment, start_stand_in

    _migrate()
    env = dict(os.environ, **local_mode_environment())
    port = env.get("PORT", "5000")
    stand_in = start_stand_in(env)  # only in local mode (no TWILIO_AUTH_TOKEN)
    procs = [stand_in] if stand_in else []
    procs += [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "app:create_app()", "--bind",
                          f"{env.get('HOST', '127.0.0.1')}:{port}", "--workers",
                          env.get("WEB_CONCURRENCY", "2"), "--access-logfile", "-"], env=env),
        subprocess.Popen([sys.executable, "-m", "worker"], env=env),
    ]
    print(f"web on http://127.0.0.1:{port} (GET /healthz), worker started; Ctrl-C stops both", flush=True)

    def _stop(*_):
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, _stop)
    try:
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    _stop()
    for proc in procs:
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    return max((proc.returncode or 0) for proc in procs)


# What the whole-suite run checks before any test: lint, types (strict on app/) and the pipeline's import
# contract (pyproject.toml holds their configuration). Each must pass; they need no services.
STATIC_CHECKS: tuple[tuple[str, list[str]], ...] = (
    ("ruff", [sys.executable, "-m", "ruff", "check", "app", "worker", "devtools"]),
    ("mypy", [sys.executable, "-m", "mypy", "app"]),
    ("import contract", [str(Path(sys.executable).with_name("lint-imports"))]),
)


def _static_checks() -> int:
    failed = []
    for name, command in STATIC_CHECKS:
        print(f"== {name}", flush=True)
        if subprocess.call(command) != 0:
            failed.append(name)
    if failed:
        print(f"static checks failed: {', '.join(failed)}; no tests were run", flush=True)
        return 1
    return 0


def _run_tests(args: list[str]) -> int:
    return subprocess.call([sys.executable, "-m", "pytest", *args])


def _hold_services() -> int:
    print(f"DATABASE_URL={os.environ['DATABASE_URL']}\nREDIS_URL={os.environ['REDIS_URL']}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0


def main(command: str, args: list[str]) -> int:
    _compile_catalogues()
    # The whole suite (no pytest arguments) is what CI runs: it starts with the static checks, before any
    # service is started, so a finding fails fast. A run narrowed to some tests skips them.
    if command == "test" and not args and (status := _static_checks()) != 0:
        return status
    with ExitStack() as stack:
        _start_services(stack)
        if command == "run":
            return _run_service()
        if command == "test":
            return _run_tests(args)
        return _hold_services()
