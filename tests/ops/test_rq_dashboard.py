"""rq-dashboard at /rq: closed without configured credentials, every route behind HTTP basic auth."""
from __future__ import annotations

import base64

import pytest
from rq import Queue, SimpleWorker
from rq.job import Job

USER, PASSWORD = "operator", "s3cret-dashboard-pass"
ACTIONS = ["/rq/job/j1/delete", "/rq/job/j1/requeue", "/rq/requeue/default",
           "/rq/queue/default/queued/empty", "/rq/queue/default/compact"]
PAGES = ["/rq/", "/rq/0/view/workers", "/rq/0/data/queues.json", "/rq/0/data/job/j1.json",
         "/rq/static/js/jquery.min.js", "/rq/no-such-page"]


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


@pytest.fixture
def dashboard_client(settings, redis_conn, monkeypatch):
    from app import create_app
    from app.config import get_settings

    monkeypatch.setenv("RQ_DASHBOARD_USERNAME", USER)
    monkeypatch.setenv("RQ_DASHBOARD_PASSWORD", PASSWORD)
    get_settings.cache_clear()
    return create_app(get_settings()).test_client()


@pytest.fixture
def queued_job(redis_conn):
    return Queue("default", connection=redis_conn).enqueue("os.getcwd", job_id="j1")


@pytest.mark.parametrize("path", PAGES)
def test_dashboard_is_closed_while_credentials_are_unset(client, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers=_basic("", "")).status_code == 401


@pytest.mark.parametrize("path", ACTIONS)
def test_actions_are_closed_while_credentials_are_unset(client, queued_job, redis_conn, path):
    assert client.post(path, headers=_basic("", "")).status_code == 401
    assert Queue("default", connection=redis_conn).count == 1


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_credentials(dashboard_client, path):
    response = dashboard_client.get(path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic ")


@pytest.mark.parametrize("user, password", [(USER, "wrong"), ("wrong", PASSWORD), (USER, ""),
                                            (USER, PASSWORD + "x")])
def test_wrong_credentials_are_refused(dashboard_client, user, password):
    assert dashboard_client.get("/rq/", headers=_basic(user, password)).status_code == 401


@pytest.mark.parametrize("path", ACTIONS)
def test_actions_with_wrong_credentials_change_nothing(dashboard_client, queued_job, redis_conn, path):
    assert dashboard_client.post(path).status_code == 401
    assert dashboard_client.post(path, headers=_basic(USER, "wrong")).status_code == 401
    assert Queue("default", connection=redis_conn).job_ids == ["j1"]


def test_dashboard_pages_work_with_credentials(dashboard_client, queued_job):
    auth = _basic(USER, PASSWORD)
    assert dashboard_client.get("/rq/", headers=auth).status_code == 200
    queues = dashboard_client.get("/rq/0/data/queues.json", headers=auth).get_json()["queues"]
    assert {"name": "default", "count": 1}.items() <= next(q for q in queues if q["name"] == "default").items()
    assert dashboard_client.get("/rq/0/data/job/j1.json", headers=auth).get_json()["id"] == "j1"


def test_requeue_of_a_failed_job_works_against_rq3(dashboard_client, redis_conn):
    queue = Queue("dashboard-test", connection=redis_conn)
    queue.enqueue("builtins.int", "not a number", job_id="broken")
    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    assert queue.failed_job_registry.get_job_ids() == ["broken"]

    answer = dashboard_client.post("/rq/job/broken/requeue", headers=_basic(USER, PASSWORD))

    assert answer.status_code == 200
    assert queue.job_ids == ["broken"]
    assert queue.failed_job_registry.count == 0


def test_delete_with_credentials_removes_the_job(dashboard_client, queued_job, redis_conn):
    answer = dashboard_client.post("/rq/job/j1/delete", headers=_basic(USER, PASSWORD))

    assert answer.get_json() == {"status": "OK"}
    assert Job.exists("j1", connection=redis_conn) is False


def test_other_routes_are_not_behind_the_dashboard_password(dashboard_client):
    assert dashboard_client.get("/metrics").status_code == 200


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                                     {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"}])
def test_cross_site_actions_are_refused_even_with_credentials(dashboard_client, queued_job, redis_conn, headers):
    answer = dashboard_client.post("/rq/queue/default/queued/empty", headers={**_basic(USER, PASSWORD), **headers})

    assert answer.status_code == 403
    assert Queue("default", connection=redis_conn).job_ids == ["j1"]


def test_same_origin_actions_are_allowed(dashboard_client, queued_job, redis_conn):
    headers = {**_basic(USER, PASSWORD), "Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}

    answer = dashboard_client.post("/rq/queue/default/queued/empty", headers=headers)

    assert answer.get_json() == {"status": "OK"}
    assert Queue("default", connection=redis_conn).count == 0


def test_requeue_all_is_not_triggered_by_a_get(dashboard_client, redis_conn):
    queue = Queue("default", connection=redis_conn)
    queue.enqueue("builtins.int", "not a number", job_id="broken")
    SimpleWorker([queue], connection=redis_conn).work(burst=True)

    answer = dashboard_client.get("/rq/requeue/default", headers=_basic(USER, PASSWORD))

    assert answer.status_code == 405
    assert queue.failed_job_registry.count == 1
