"""Every error leaves as RFC 9457 problem+json, with the field and the reason."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from eldersafe_common.app import create_service_app
from eldersafe_common.errors import Conflict, NotFound, problem_responses
from eldersafe_common.validation import StrictModel, text


class ThingCreate(StrictModel):
    name: text(20, 1)  # type: ignore[valid-type]
    beds: int


def _app() -> FastAPI:
    engine = create_engine("sqlite://")
    app = create_service_app(name="t", title="t", get_engine=lambda: engine)

    @app.post("/things", status_code=201, responses=problem_responses(409))
    def create(thing: ThingCreate) -> dict[str, str]:
        if thing.name == "taken":
            raise Conflict("That name is taken.", code="name_taken")
        return {"name": thing.name}

    @app.get("/things/{thing_id}", responses=problem_responses(404))
    def read(thing_id: int) -> dict[str, int]:
        raise NotFound("No such thing.")

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret-internal-detail")

    return app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(_app(), raise_server_exceptions=False) as client:
        yield client


def test_domain_errors(client: TestClient) -> None:
    response = client.post("/things", json={"name": "taken", "beds": 1})
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "name_taken" and response.json()["title"] == "Conflict"
    assert client.get("/things/1").json()["status"] == 404


def test_validation_names_the_field(client: TestClient) -> None:
    problem = client.post("/things", json={"name": "ok", "beds": "3"}).json()
    assert problem["status"] == 422
    assert [e["field"] for e in problem["errors"]] == ["body.beds"]  # strict: no "3" → 3 coercion


@pytest.mark.parametrize("body", [{"name": "a\x00b", "beds": 1}, {"name": "x" * 21, "beds": 1},
                                  {"name": "ok", "beds": 1, "extra": True}, {"name": "ok", "beds": False}])
def test_bad_values_are_refused(client: TestClient, body: dict) -> None:
    assert client.post("/things", json=body).status_code == 422


def test_malformed_json_is_a_400(client: TestClient) -> None:
    response = client.post("/things", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()["code"] == "malformed_json"


def test_unexpected_errors_are_problems_without_details(client: TestClient) -> None:
    response = client.get("/boom")
    assert response.status_code == 500 and "secret-internal-detail" not in response.text


def test_openapi_declares_problems(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/things"]["post"]["responses"]
    assert {"400", "409", "422"} <= set(post)
    assert "application/problem+json" in post["422"]["content"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_request_id_is_echoed(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc123"}).headers["x-request-id"] == "abc123"
    assert len(client.get("/healthz").headers["x-request-id"]) == 32
