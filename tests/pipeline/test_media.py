"""Attachments: only allowed hosts, credentials only to the origin host, size and type from the bytes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.media.download import MediaRejected, download, host_allowed
from app.models import Media, MediaStatus, Message, MessageRole
from app.i18n.catalogue import text as say
from tests.pipeline.media_samples import HTML, JPEG, PDF, PNG, WEBP


def media_requests(fake):
    return [r for r in fake.requests if "/Media/" in r.path or r.path.startswith("/_fake/cdn/")]


@pytest.mark.parametrize("host,allowed", [
    ("api.twilio.com", True),
    ("mms.twiliocdn.com", True),
    ("s3.mms.twiliocdn.com", True),
    ("twiliocdn.com", False),
    ("eviltwiliocdn.com", False),
    ("api.twilio.com.evil.test", False),
    ("API.TWILIO.COM", True),
    (None, False),
])
def test_host_allowlist_with_wildcards(host, allowed):
    patterns = ["api.twilio.com", "*.twiliocdn.com"]
    assert host_allowed(host, patterns) is allowed


@pytest.mark.parametrize("content,kind", [(JPEG, "jpeg"), (PNG, "png"), (WEBP, "webp"), (PDF, "pdf")])
def test_accepted_types_are_recognised_from_their_bytes(whatsapp, content, kind):
    url, _ = whatsapp.add_media(content, "application/octet-stream")
    assert download(url, whatsapp.settings).kind == kind


def test_media_is_fetched_with_twilio_basic_auth(whatsapp):
    url, _ = whatsapp.add_media(PDF, "application/pdf")
    download(url, whatsapp.settings)
    [request] = media_requests(whatsapp.fake)
    assert request.headers["Authorization"].startswith("Basic ")


def test_a_redirect_to_another_allowed_host_is_followed_without_credentials(whatsapp, monkeypatch):
    from app.config import get_settings

    monkeypatch.setenv("MEDIA_ALLOWED_HOSTS", "127.0.0.1,localhost")
    get_settings.cache_clear()
    url, _ = whatsapp.add_media(JPEG, "image/jpeg", redirect_to=f"http://localhost:{whatsapp.fake.port}")
    assert download(url, get_settings()).data == JPEG
    first, second = media_requests(whatsapp.fake)
    assert "Authorization" in first.headers
    assert "Authorization" not in second.headers


def test_a_redirect_to_a_host_off_the_allowlist_is_not_followed(whatsapp):
    url, _ = whatsapp.add_media(JPEG, "image/jpeg", redirect_to=f"http://localhost:{whatsapp.fake.port}")
    with pytest.raises(MediaRejected) as rejected:
        download(url, whatsapp.settings)
    assert rejected.value.reason == "host_not_allowed"
    assert [r.path.startswith("/_fake/cdn/") for r in media_requests(whatsapp.fake)] == [False]


def test_a_disallowed_media_host_is_never_fetched_and_the_user_is_told(whatsapp, db_session):
    url, _ = whatsapp.add_media(JPEG, "image/jpeg")
    elsewhere = url.replace("127.0.0.1", "localhost")  # same server, a host name not on the allowlist
    whatsapp.send_media((elsewhere, "image/jpeg"))
    whatsapp.run_jobs()
    assert media_requests(whatsapp.fake) == []
    media = db_session.scalars(select(Media)).one()
    assert (media.status, media.processing_metadata["error"]) == (MediaStatus.failed, "host_not_allowed")
    assert media.file_path is None
    [reply] = whatsapp.replies()
    assert reply["Body"] == say("es", "media_not_allowed")  # the sender's Spanish number sets the language
    assert db_session.scalar(select(Message.processed_at).where(Message.role == MessageRole.user))


def test_an_oversize_attachment_is_refused_and_the_user_told_once(whatsapp, db_session, monkeypatch):
    from app.config import get_settings

    monkeypatch.setenv("MEDIA_MAX_BYTES", "1024")
    get_settings.cache_clear()
    whatsapp.send_media(whatsapp.add_media(PDF + b"0" * 2048, "application/pdf"))
    whatsapp.run_jobs()
    media = db_session.scalars(select(Media)).one()
    assert (media.status, media.processing_metadata["error"]) == (MediaStatus.failed, "too_large")
    [reply] = whatsapp.replies()
    assert reply["Body"] == say("es", "media_too_large", mb=1)


def test_size_is_enforced_while_streaming_even_without_content_length(whatsapp):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Chunked(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = PDF + b"0" * 4096
            for _ in range(100):  # 400 KB, never announced
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Chunked)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = whatsapp.settings.model_copy(update={"media_max_bytes": 50_000})
        with pytest.raises(MediaRejected) as rejected:
            download(f"http://127.0.0.1:{server.server_port}/media", settings)
        assert rejected.value.reason == "too_large"
    finally:
        server.shutdown()
        server.server_close()


def test_a_file_whose_bytes_are_not_an_accepted_type_is_refused_whatever_its_header(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(HTML, "image/jpeg"))
    whatsapp.run_jobs()
    media = db_session.scalars(select(Media)).one()
    assert (media.status, media.processing_metadata["error"]) == (MediaStatus.failed, "unsupported_type")
    [reply] = whatsapp.replies()
    assert "PDF" in reply["Body"]


def test_a_refused_attachment_does_not_stop_the_others(whatsapp, db_session):
    whatsapp.send_media(whatsapp.add_media(HTML, "text/html"), whatsapp.add_media(PDF, "application/pdf"))
    whatsapp.run_jobs()
    statuses = db_session.scalars(select(Media.status).order_by(Media.media_index)).all()
    assert statuses == [MediaStatus.failed, MediaStatus.processed]
    # The refusal with its advice, then the two attachments as one burst: "Got it, reading…" and its summary.
    refusal, ack, summary = (reply["Body"] for reply in whatsapp.replies())
    assert "PDF" in refusal and "#1" in summary


def test_a_media_server_error_is_retried(whatsapp, db_session):
    whatsapp.fake.fail_next(503, 20503, endpoint="media")
    whatsapp.send_media(whatsapp.add_media(PDF, "application/pdf"))
    whatsapp.run_jobs()
    assert db_session.scalars(select(Media.status)).one() == MediaStatus.processed
    assert len(media_requests(whatsapp.fake)) == 2
    assert len(whatsapp.replies()) == 1


def test_a_stored_file_is_not_downloaded_again_on_a_rerun(whatsapp, db_session):
    from app.models import WhatsAppMessage
    from app.queue.enqueue import enqueue_processing

    whatsapp.send_media(whatsapp.add_media(PDF, "application/pdf"))
    whatsapp.run_jobs()
    message_id, sid = db_session.execute(select(Message.id, WhatsAppMessage.whatsapp_message_id)
                                         .join(WhatsAppMessage).where(Message.role == MessageRole.user)).one()
    enqueue_processing(whatsapp.settings, message_id, sid)
    whatsapp.run_jobs()
    assert len(media_requests(whatsapp.fake)) == 1
    assert len(whatsapp.replies()) == 1
