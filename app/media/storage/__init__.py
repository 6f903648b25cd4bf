"""Where media files live: a local directory (default) or S3 when ``MEDIA_STORAGE`` is ``s3://bucket/prefix``.

``put(key, data, content_type) -> (file_path, file_url)``; ``get(file_path)`` and ``delete(file_path)`` read
the location from ``file_path`` itself: an absolute path (which must lie under the local ``MEDIA_STORAGE``)
or ``s3://bucket/key`` (readable whatever ``MEDIA_STORAGE`` says now).
"""
from __future__ import annotations

from app.config import Settings
from app.media.storage.base import Storage, StorageError
from app.media.storage.local import LocalStorage
from app.media.storage.s3 import S3Storage, is_s3_url


def storage_for(settings: Settings) -> Storage:
    if is_s3_url(settings.media_storage):
        return S3Storage.from_url(settings.media_storage, endpoint_url=settings.aws_endpoint_url)
    return LocalStorage(settings.media_storage)


def get(settings: Settings, file_path: str) -> bytes:
    return _owner_of(settings, file_path).get(file_path)


def delete(settings: Settings, file_path: str) -> None:
    _owner_of(settings, file_path).delete(file_path)


def delete_prefix(settings: Settings, prefix: str) -> int:
    """Delete the folder ``prefix`` (e.g. ``users/7``) of the configured storage, whatever it holds."""
    return storage_for(settings).delete_prefix(prefix)


def _owner_of(settings: Settings, file_path: str) -> Storage:
    if is_s3_url(file_path):
        return S3Storage.from_url(file_path, endpoint_url=settings.aws_endpoint_url, whole_bucket=True)
    return LocalStorage(settings.media_storage)


__all__ = ["LocalStorage", "S3Storage", "Storage", "StorageError", "delete", "delete_prefix", "get", "storage_for"]
