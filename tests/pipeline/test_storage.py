"""Media storage: local disk by default, S3 (through boto3, against moto's real HTTP server) on s3:// URLs."""
from __future__ import annotations

import pytest

from app.media import storage
from app.media.storage import LocalStorage, S3Storage, StorageError


def test_local_put_get_delete(tmp_path):
    store = LocalStorage(str(tmp_path))
    file_path, file_url = store.put("users/1/SMabc/0-deadbeef.pdf", b"%PDF-1.4", "application/pdf")
    assert file_path.startswith(str(tmp_path)) and file_url.startswith("file://")
    assert store.get(file_path) == b"%PDF-1.4"
    store.delete(file_path)
    with pytest.raises(FileNotFoundError):
        store.get(file_path)


def test_a_second_put_of_the_same_key_replaces_the_file(tmp_path):
    store = LocalStorage(str(tmp_path))
    store.put("a/b.pdf", b"one", "application/pdf")
    path, _ = store.put("a/b.pdf", b"two", "application/pdf")
    assert store.get(path) == b"two"
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b.pdf"]  # no temporary file left behind


@pytest.mark.parametrize("key", ["../escape.pdf", "a/../../escape.pdf", "/etc/passwd", "a//b", ""])
def test_unsafe_keys_are_refused(tmp_path, key):
    with pytest.raises(StorageError):
        LocalStorage(str(tmp_path)).put(key, b"x", "application/pdf")


def test_local_files_outside_the_media_directory_are_not_read(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    with pytest.raises(StorageError):
        LocalStorage(str(tmp_path / "media")).get(str(outside))


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_settings(settings, s3_endpoint, monkeypatch):
    import boto3

    from app.config import get_settings

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": s3_endpoint,
                        "MEDIA_STORAGE": "s3://invoices-media/whatsapp"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket="invoices-media")
    return get_settings()


def test_s3_put_get_delete_through_boto3(s3_settings, s3_endpoint):
    import boto3

    store = storage.storage_for(s3_settings)
    assert isinstance(store, S3Storage)
    file_path, file_url = store.put("users/1/SMabc/0-deadbeef.pdf", b"%PDF-1.4", "application/pdf")
    assert file_path == "s3://invoices-media/whatsapp/users/1/SMabc/0-deadbeef.pdf"
    assert file_url == f"{s3_endpoint}/invoices-media/whatsapp/users/1/SMabc/0-deadbeef.pdf"
    head = boto3.client("s3", endpoint_url=s3_endpoint).head_object(
        Bucket="invoices-media", Key="whatsapp/users/1/SMabc/0-deadbeef.pdf")
    assert head["ContentType"] == "application/pdf"
    assert storage.get(s3_settings, file_path) == b"%PDF-1.4"
    storage.delete(s3_settings, file_path)
    with pytest.raises(StorageError):
        storage.get(s3_settings, file_path)


def test_s3_files_of_another_bucket_are_refused(s3_settings):
    store = storage.storage_for(s3_settings)
    with pytest.raises(StorageError):
        store.get("s3://someone-elses-bucket/key.pdf")


def test_the_worker_stores_media_in_s3_when_configured(whatsapp, s3_settings, db_session, monkeypatch):
    from sqlalchemy import select

    from app.config import get_settings
    from app.models import Media
    from tests.pipeline.media_samples import PDF

    monkeypatch.setenv("TWILIO_API_BASE_URL", whatsapp.fake.url)
    monkeypatch.setenv("MEDIA_ALLOWED_HOSTS", "127.0.0.1")
    get_settings.cache_clear()
    whatsapp.send_media(whatsapp.add_media(PDF, "application/pdf"))
    whatsapp.run_jobs()
    media = db_session.scalars(select(Media)).one()
    assert media.file_path.startswith("s3://invoices-media/whatsapp/users/")
    assert storage.get(get_settings(), media.file_path) == PDF
