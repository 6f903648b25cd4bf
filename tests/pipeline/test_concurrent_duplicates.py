"""Twilio may deliver the same webhook many times at once: exactly one message, one job, one reply."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import requests
from sqlalchemy import func, select

from app.models import Media, Message, User, WhatsAppMessage

DELIVERIES = 1000
CONCURRENCY = 32


def test_1000_concurrent_deliveries_of_one_webhook_leave_one_message_one_job_one_reply(whatsapp_live, db_session):
    form = whatsapp_live.form("image", MediaUrl0=whatsapp_live.fake.add_media(
        b"%PDF-1.4\n%%EOF\n", "application/pdf"), MediaContentType0="application/pdf")
    local = threading.local()

    def deliver(_):
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return whatsapp_live.post_http(form, session=local.session).status_code

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        statuses = list(pool.map(deliver, range(DELIVERIES)))

    assert statuses == [200] * DELIVERIES
    for model in (User, Message, WhatsAppMessage, Media):
        assert db_session.scalar(select(func.count()).select_from(model)) == 1, model.__name__
    assert len(whatsapp_live.job_ids()) == 1
    whatsapp_live.run_jobs()
    assert len(whatsapp_live.replies()) == 1
