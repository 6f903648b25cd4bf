"""Media on local disk, under ``MEDIA_STORAGE`` (relative paths are relative to the working directory)."""
from __future__ import annotations

import os
import tempfile
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
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a reader never sees half a file, and a retried job just replaces it.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
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
        self._inside(Path(file_path)).unlink(missing_ok=True)
