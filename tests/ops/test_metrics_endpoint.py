"""GET /metrics: Prometheus text with the pipeline's metrics and live RQ queue depths."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from rq import Queue, SimpleWorker

ROOT = Path(__file__).resolve().parents[2]
NAMES = ["whatsapp_webhooks", "whatsapp_webhook_ack_seconds", "jobs", "job_duration_seconds",
         "whatsapp_replies", "rq_queue_depth"]


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_metrics_are_prometheus_text_with_every_pipeline_metric(client):
    response = client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    families = {f.name for f in text_string_to_metric_families(response.get_data(as_text=True))}
    assert set(NAMES) <= families


def test_observed_values_are_exposed(client):
    from app.metrics import ACK_LATENCY, WEBHOOKS

    before = _samples(client.get("/metrics").get_data(as_text=True))
    WEBHOOKS.labels(endpoint="whatsapp", outcome="accepted").inc()
    ACK_LATENCY.labels(endpoint="whatsapp").observe(0.003)
    after = _samples(client.get("/metrics").get_data(as_text=True))

    key = ("whatsapp_webhooks_total", (("endpoint", "whatsapp"), ("outcome", "accepted")))
    assert after[key] == before.get(key, 0) + 1
    bucket = ("whatsapp_webhook_ack_seconds_bucket", (("endpoint", "whatsapp"), ("le", "0.005")))
    assert after[bucket] == before.get(bucket, 0) + 1


def test_queue_depth_is_read_from_redis_at_scrape_time(settings, db_engine, redis_conn, monkeypatch):
    from app import create_app
    from app.config import get_settings

    monkeypatch.setenv("RQ_QUEUE", "metrics-test")
    get_settings.cache_clear()
    client = create_app(get_settings()).test_client()
    queue = Queue("metrics-test", connection=redis_conn)
    queue.enqueue("builtins.int", "not a number", job_id="fails")
    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    for n in range(3):
        queue.enqueue("os.getcwd", job_id=f"waiting-{n}")

    samples = _samples(client.get("/metrics").get_data(as_text=True))

    assert samples[("rq_queue_depth", (("queue", "metrics-test"),))] == 3
    assert samples[("rq_queue_depth", (("queue", "metrics-test:failed"),))] == 1
    assert samples[("rq_queue_depth", (("queue", "metrics-test:scheduled"),))] == 0


def test_metrics_still_answer_while_redis_is_down(settings, monkeypatch, db_engine):
    from app import create_app
    from app.config import get_settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    get_settings.cache_clear()
    response = create_app(get_settings()).test_client().get("/metrics")

    assert response.status_code == 200
    assert b"whatsapp_webhooks_total" in response.data


def test_multiprocess_mode_adds_up_what_other_processes_recorded(tmp_path, settings):
    """The web's /metrics shows what a separate worker process counted (PROMETHEUS_MULTIPROC_DIR)."""
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(tmp_path))
    worker = "from app.metrics import JOBS; JOBS.labels(job='process_message', outcome='succeeded').inc(2)"
    subprocess.run([sys.executable, "-c", worker], env=env, cwd=ROOT, check=True, timeout=60)
    web = textwrap.dedent("""
        from app import create_app
        print(create_app().test_client().get("/metrics").get_data(as_text=True))
    """)
    out = subprocess.run([sys.executable, "-c", web], env=env, cwd=ROOT, check=True, timeout=60,
                         capture_output=True, text=True).stdout

    samples = _samples(out)
    assert samples[("jobs_total", (("job", "process_message"), ("outcome", "succeeded")))] == 2
