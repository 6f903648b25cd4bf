"""Media in S3 (or any S3-compatible store at ``AWS_ENDPOINT_URL``) through boto3.

Credentials and region come from boto3's usual chain (``AWS_ACCESS_KEY_ID``, instance roles, ...).
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from app.media.storage.base import StorageError, check_key

if TYPE_CHECKING:  # stubs only (types-boto3-s3, a dev dependency)
    from types_boto3_s3.client import S3Client


def is_s3_url(value: str) -> bool:
    return value.lower().startswith("s3://")


@lru_cache(maxsize=4)
def _client(endpoint_url: str | None) -> S3Client:
    return boto3.client("s3", endpoint_url=endpoint_url or None)


class S3Storage:
    def __init__(self, bucket: str, prefix: str = "", endpoint_url: str | None = None):
        if not bucket:
            raise StorageError("MEDIA_STORAGE s3:// URL names no bucket")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint_url = endpoint_url

    @classmethod
    def from_url(cls, url: str, endpoint_url: str | None = None, whole_bucket: bool = False) -> S3Storage:
        parts = urlsplit(url)
        return cls(parts.netloc, "" if whole_bucket else parts.path, endpoint_url)

    @property
    def client(self) -> S3Client:
        return _client(self.endpoint_url)

    def _key(self, file_path: str) -> str:
        parts = urlsplit(file_path)
        if parts.scheme.lower() != "s3" or parts.netloc != self.bucket:
            raise StorageError("file is not in this bucket")
        key = parts.path.lstrip("/")
        if not key or ".." in key.split("/"):
            raise StorageError("unsafe storage key")
        return key

    def put(self, key: str, data: bytes, content_type: str) -> tuple[str, str]:
        full_key = self._full(check_key(key))
        try:
            self.client.put_object(Bucket=self.bucket, Key=full_key, Body=data, ContentType=content_type)
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"S3 put failed: {type(exc).__name__}") from exc
        base = (self.endpoint_url or f"https://{self.bucket}.s3.amazonaws.com").rstrip("/")
        url = (f"{base}/{self.bucket}/{quote(full_key)}" if self.endpoint_url
               else f"{base}/{quote(full_key)}")
        return f"s3://{self.bucket}/{full_key}", url

    def get(self, file_path: str) -> bytes:
        try:
            data: bytes = self.client.get_object(Bucket=self.bucket, Key=self._key(file_path))["Body"].read()
            return data
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"S3 get failed: {type(exc).__name__}") from exc

    def delete(self, file_path: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(file_path))
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"S3 delete failed: {type(exc).__name__}") from exc

    def _full(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _objects(self, full_prefix: str) -> Iterator[str]:
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                              Prefix=full_prefix):
                for item in page.get("Contents", []):
                    yield item["Key"]
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"S3 list failed: {type(exc).__name__}") from exc

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under the folder ``prefix`` (a key like ``users/7``); returns how many."""
        full_prefix = self._full(check_key(prefix.strip("/"))) + "/"
        keys = list(self._objects(full_prefix))
        try:
            for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1,000 keys
                self.client.delete_objects(Bucket=self.bucket, Delete={
                    "Objects": [{"Key": key} for key in keys[start:start + 1000]], "Quiet": True})
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"S3 delete failed: {type(exc).__name__}") from exc
        return len(keys)

    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every stored key (under ``prefix``), relative to this storage's prefix, for backups."""
        base = f"{self.prefix}/" if self.prefix else ""
        start = base + prefix.strip("/") if prefix.strip("/") else base
        for full in self._objects(start):
            if full.startswith(base) and not full.endswith("/"):
                yield full[len(base):]

    def key_of(self, file_path: str) -> str | None:
        """The key of a stored ``file_path``, or None when it is not under this bucket and prefix."""
        parts = urlsplit(file_path)
        base = f"{self.prefix}/" if self.prefix else ""
        full = parts.path.lstrip("/")
        if parts.scheme.lower() != "s3" or parts.netloc != self.bucket or not full.startswith(base):
            return None
        return full[len(base):] or None

    def path_for(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._full(check_key(key))}"
