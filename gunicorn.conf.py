"""gunicorn settings, read from the working directory by ``manage.py run`` and the Procfile's web process."""
import os
import tempfile

# JSON lines with the MessageSid, like the app and the worker (LOG_JSON=false for plain text).
logger_class = "app.ops.gunicorn_logging.JsonLogger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Prometheus multiprocess mode: every gunicorn worker writes its metrics to files in one directory and
# /metrics adds them up. It has to be set before any worker imports prometheus_client. `manage.py run`
# points it at .state/ (shared with the RQ worker, so job metrics show up too); otherwise a fresh
# temporary directory per gunicorn start keeps several workers' numbers consistent.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="invoice-assistant-metrics-")


def child_exit(server, worker):
    # Live gauges of a dead worker must stop counting; its counters and histograms are kept.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    # After the fork: connections are per worker and must not be shared with the master.
    from app.config import get_settings
    from app.ops.warmup import open_connections

    open_connections(get_settings())
