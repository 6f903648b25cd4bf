"""Media on local disk, under ``MEDIA_STORAGE`` (relative paths are relative to the working directory).

Folders exist only while they hold files: deleting a file removes the folders it leaves empty, up to (not
including) the media root, so an erased user or a purged invoice leaves no trace in the tree.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from app.media.storage.base import StorageError, check_key


class LocalStorage:
    def __init__(self, root: str):
        self.root = Path(root).resolve()

    def _inside(self, path: Path) -> Path:
        resolved = path.resolve()
        if resolved != self.root and self.root not in resolved.parents:
            raise StorageError("path outside the media directory")
        return resolved

    # A file on disk has no content type; the sniffed type lives in the media row.
    def put(self, key: str, data: bytes, content_type: str) -> tuple[str, str]:  # noqa: ARG002
        target = self._inside(self.root / check_key(key))
        # A concurrent delete may prune the folder between mkdir and mkstemp: create it once more then.
        for attempt in range(3):
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
                break
            except FileNotFoundError:
                if attempt == 2:
                    raise
        # Write then rename: a reader never sees half a file, and a retried job just replaces it.
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return str(target), target.as_uri()

    def get(self, file_path: str) -> bytes:
        return self._inside(Path(file_path)).read_bytes()

    def delete(self, file_path: str) -> None:
        path = self._inside(Path(file_path))
        path.unlink(missing_ok=True)
        self._prune(path.parent)

    def delete_prefix(self, prefix: str) -> int:
        """Delete every file under the folder ``prefix`` (a key like ``users/7``); returns how many."""
        folder = self._inside(self.root / check_key(prefix.strip("/")))
        if not folder.is_dir():
            return 0
        count = sum(1 for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder, ignore_errors=True)
        self._prune(folder.parent)
        return count

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key (under ``prefix``), for backups."""
        start = self.root / prefix.strip("/") if prefix.strip("/") else self.root
        if not start.is_dir():
            return
        for path in sorted(start.rglob("*")):
            if path.is_file() and not path.name.startswith(".part-"):
                yield path.relative_to(self.root).as_posix()

    def key_of(self, file_path: str) -> str | None:
        """The key of a stored ``file_path``, or None when it does not lie under this root."""
        try:
            path = self._inside(Path(file_path))
        except StorageError:
            return None
        return path.relative_to(self.root).as_posix()

    def path_for(self, key: str) -> str:
        return str(self._inside(self.root / check_key(key)))

    def _prune(self, folder: Path) -> None:
        while folder != self.root and self.root in folder.parents:
            try:
                folder.rmdir()  # only succeeds when empty; a folder another job just filled stays
            except OSError:
                return
            folder = folder.parent
