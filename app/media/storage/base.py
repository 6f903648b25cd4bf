from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

# Keys are built by our own code, but a key is still checked before it becomes a path or an object name.
_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class StorageError(Exception):
    pass


def check_key(key: str) -> str:
    if not _SAFE_KEY.match(key) or ".." in key.split("/") or len(key) > 512:
        raise StorageError("unsafe storage key")
    return key


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> tuple[str, str]: ...

    def get(self, file_path: str) -> bytes: ...

    def delete(self, file_path: str) -> None: ...

    def delete_prefix(self, prefix: str) -> int: ...

    def keys(self, prefix: str = "") -> Iterator[str]: ...

    def key_of(self, file_path: str) -> str | None: ...

    def path_for(self, key: str) -> str: ...
