#!/usr/bin/env python3
"""The two commands: ``python3 manage.py run`` (web + worker) and ``python3 manage.py test``.

Needs only Python 3.11 to start: it creates ``.venv``, installs the pinned dependencies (again whenever
pyproject.toml changes), installs the Debian package with Tesseract's Latin-script model when it is
missing and apt-get can run, starts private embedded PostgreSQL and Redis under ``.state/`` when
DATABASE_URL / REDIS_URL are unset, applies migrations and then runs the service or the test suite.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_PY = VENV / "bin" / "python"
STAMP = VENV / ".installed-from"
# OCR's second reading (app/extraction/latin.py) uses this model; the tesserocr wheel brings the engine.
TESSDATA_PACKAGE = "tesseract-ocr-script-latn"
TESSDATA_FILES = ("/usr/share/tesseract-ocr/5/tessdata/Latin.traineddata",
                  "/usr/share/tesseract-ocr/4.00/tessdata/Latin.traineddata")


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_virtualenv() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Python 3.11 is required (this is {sys.version.split()[0]}).")
    if not VENV_PY.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = _requirements_digest()
    if not STAMP.exists() or STAMP.read_text().strip() != digest:
        print("installing dependencies into .venv (first run takes a minute) ...", flush=True)
        subprocess.run([str(VENV_PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run(
            [str(VENV_PY), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"], check=True
        )
        STAMP.write_text(digest)


def ensure_tessdata() -> None:
    """Install the Latin-script OCR model from Debian's packages when it is missing and we can."""
    prefix = os.environ.get("TESSDATA_PREFIX", "")
    if (prefix and Path(prefix, "Latin.traineddata").is_file()) or any(Path(f).is_file() for f in TESSDATA_FILES):
        return
    apt = "/usr/bin/apt-get"
    if not Path(apt).exists() or os.geteuid() != 0:
        print(f"OCR reads without accents until `apt-get install {TESSDATA_PACKAGE}` is run "
              "(or TESSDATA_PREFIX points at a folder with Latin.traineddata).", flush=True)
        return
    print(f"installing {TESSDATA_PACKAGE} (Tesseract's Latin-script model) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run([apt, "install", "-y", "-qq", TESSDATA_PACKAGE], env=env).returncode != 0:
        subprocess.run([apt, "update", "-qq"], env=env)
        subprocess.run([apt, "install", "-y", "-qq", TESSDATA_PACKAGE], env=env, check=True)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test", "services", "chat"}:
        print(__doc__)
        print("usage: python3 manage.py run | test [pytest args] | services | chat [flask chat args]")
        return 2
    ensure_virtualenv()
    if sys.argv[1] != "chat":
        ensure_tessdata()
    if sys.argv[1] == "chat":  # the simulator talks to a running `manage.py run`; it needs no services
        return subprocess.call([str(VENV / "bin" / "flask"), "chat", *sys.argv[2:]], cwd=ROOT)
    if Path(sys.prefix).resolve() != VENV.resolve():
        return subprocess.call([str(VENV_PY), str(ROOT / "manage.py"), *sys.argv[1:]], cwd=ROOT)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from devtools.launcher import main as launch

    return launch(sys.argv[1], sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
