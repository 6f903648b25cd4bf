"""GET /healthz reports the state of PostgreSQL and Redis."""
from app import create_app
from app.config import Settings


def test_healthz_is_200_when_postgres_and_redis_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["checks"] == {"postgres": "ok", "redis": "ok"}


def test_healthz_is_503_naming_redis_when_redis_is_down(settings):
    broken = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    response = create_app(broken).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["down"] == ["redis"]


def test_healthz_is_503_naming_postgres_when_postgres_is_down(settings):
    broken = settings.model_copy(update={
        "database_url": Settings(DATABASE_URL="postgresql://nobody@127.0.0.1:1/none").database_url})
    response = create_app(broken).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["down"] == ["postgres"]
