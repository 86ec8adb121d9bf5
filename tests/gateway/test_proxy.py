import time

from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def headers_of(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    seen: dict[str, list[str]] = {}
    for key, value in response.json()["headers"]:
        seen.setdefault(key, []).append(value)
    return seen


def test_forwards_method_path_query_and_body(client: TestClient) -> None:
    response = client.post(
        "/api/registry/echo/facilities/a%2Fb?name=%E6%9D%BE%E9%B9%A4&page=2",
        content=b'{"name":"\xe6\x9d\xbe\xe9\xb9\xa4"}', headers={"content-type": "application/json"},
    )
    assert response.status_code == 200
    echoed = response.json()
    assert echoed["method"] == "POST"
    assert echoed["raw_path"] == "/api/registry/echo/facilities/a%2Fb"
    assert echoed["query"] == "name=%E6%9D%BE%E9%B9%A4&page=2"
    assert echoed["body"] == '{"name":"松鹤"}'
    assert headers_of(response)["content-type"] == ["application/json"]


def test_forwards_chunked_request_bodies(client: TestClient) -> None:
    def parts():  # type: ignore[no-untyped-def]
        yield b"first,"
        yield b"second"

    response = client.put("/api/registry/echo/upload", content=parts())
    assert response.json()["body"] == "first,second"


def test_strips_hop_by_hop_headers_both_ways(client: TestClient) -> None:
    response = client.get("/api/registry/echo/x", headers={
        "Connection": "keep-alive, X-Hop-Secret", "X-Hop-Secret": "1", "Keep-Alive": "timeout=9", "TE": "trailers",
        "Proxy-Authorization": "Basic eDp5", "Upgrade": "h2c", "Authorization": "Bearer abc", "X-Custom": "kept",
    })
    seen = headers_of(response)
    for hop in ("x-hop-secret", "keep-alive", "te", "proxy-authorization", "upgrade"):
        assert hop not in seen, hop
    assert seen["authorization"] == ["Bearer abc"]
    assert seen["x-custom"] == ["kept"]
    assert seen["host"] != ["testserver"]
    assert seen["x-forwarded-host"] == ["testserver"]
    assert seen["x-forwarded-proto"] == ["http"]
    assert seen["x-forwarded-for"] == ["testclient"]
    # and on the way back
    assert response.headers["x-upstream"] == "registry"
    for hop in ("keep-alive", "proxy-authenticate", "trailer"):
        assert hop not in response.headers, hop


def test_request_id_is_taken_or_made_and_propagated(client: TestClient) -> None:
    given = client.get("/api/registry/echo/x", headers={"X-Request-ID": "req-12345"})
    assert headers_of(given)["x-request-id"] == ["req-12345"]
    assert given.headers.get_list("x-request-id") == ["req-12345"]
    made = client.get("/api/registry/echo/x", headers={"X-Request-ID": "x" * 100})  # too long: replaced
    made_id = made.headers["x-request-id"]
    assert len(made_id) == 32 and made_id != "x" * 100
    assert headers_of(made)["x-request-id"] == [made_id]


def test_appends_to_an_existing_forwarded_for(client: TestClient) -> None:
    response = client.get("/api/registry/echo/x", headers={"X-Forwarded-For": "10.0.0.7"})
    assert headers_of(response)["x-forwarded-for"] == ["10.0.0.7, testclient"]


def test_upstream_status_and_empty_bodies_pass_through(client: TestClient) -> None:
    assert client.delete("/api/registry/echo/x?status=404").status_code == 404
    empty = client.get("/api/registry/empty")
    assert empty.status_code == 204 and empty.content == b""


def test_streams_responses(client: TestClient) -> None:
    response = client.get("/api/registry/stream")
    assert response.text == "".join(f"chunk-{i};" for i in range(5))


def test_service_down_is_503_problem(client: TestClient) -> None:
    response = client.get("/api/inspection/campaigns", headers={"X-Request-ID": "down-1"})
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["x-request-id"] == "down-1"
    body = response.json()
    assert (body["status"], body["code"]) == (503, "upstream_unavailable")
    assert body["instance"] == "/api/inspection/campaigns"


def test_slow_service_is_504_problem(client: TestClient) -> None:
    started = time.monotonic()
    response = client.get("/api/registry/slow")
    assert response.status_code == 504
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["code"] == "upstream_timeout"
    assert time.monotonic() - started < 1.9  # the 0.5 s read timeout, not the service's 2 s


def test_only_service_prefixes_are_proxied(client: TestClient) -> None:
    # /api/registryx is not the registry's prefix: the gateway itself answers 404
    response = client.get("/api/registryx/echo/x")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert client.get("/api/registry/echo/").json()["path"] == "/api/registry/echo/"


def test_large_responses_stream_intact(client: TestClient) -> None:
    response = client.get("/api/registry/big")
    assert response.content == bytes(range(256)) * 4096


def test_head_requests_do_not_wait_for_a_body(client: TestClient) -> None:
    started = time.monotonic()
    response = client.head("/api/registry/head")
    assert response.status_code == 200
    assert response.headers["content-length"] == "1234"
    assert time.monotonic() - started < 0.4  # well under the 0.5 s read timeout
    assert client.get("/api/registry/echo/after-head").status_code == 200
