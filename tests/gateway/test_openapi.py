from fastapi.testclient import TestClient

from eldersafe_gateway.main import create_app
from eldersafe_gateway.openapi import merge_openapi
from eldersafe_gateway.settings import GatewaySettings
from tests.gateway.upstream import build_upstream, free_port, serve


def test_merged_document_has_gateway_and_service_paths(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    paths = document["paths"]
    assert "/api/auth/login" in paths and "/api/accounts/{account_id}" in paths
    assert "/api/registry/accounts-clash" in paths
    assert "/api/registry/echo/{rest}" in paths
    assert document["x-eldersafe-services"] == {"registry": "ok", "inspection": "unavailable",
                                                "rectification": "unavailable", "notification": "unavailable"}
    schemas = document["components"]["schemas"]
    assert "Problem" in schemas
    # the registry's different AccountPublic is kept apart and its references follow it
    assert "registry_only" in schemas["RegistryAccountPublic"]["properties"]
    assert "username" in schemas["AccountPublic"]["properties"]
    ok = paths["/api/registry/accounts-clash"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"]["$ref"] == "#/components/schemas/RegistryAccountPublic"


def test_every_gateway_operation_declares_problem_answers(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    for path, item in document["paths"].items():
        if not path.startswith(("/api/auth", "/api/accounts", "/api/audit")):
            continue
        for method, operation in item.items():
            errors = {s: r for s, r in operation["responses"].items() if s[0] in "45"}
            assert errors, (method, path)
            for status, response in errors.items():
                assert "application/problem+json" in response["content"], (method, path, status)


def test_login_declares_lockout(client: TestClient) -> None:
    login = client.get("/api/openapi.json").json()["paths"]["/api/auth/login"]["post"]
    assert {"401", "403", "423", "422"} <= set(login["responses"])


def test_a_service_that_was_down_is_fetched_again(upstream_url: str) -> None:
    port = free_port()
    settings = GatewaySettings(registry_url=upstream_url, inspection_url=f"http://127.0.0.1:{port}",
                               rectification_url=upstream_url, notification_url=upstream_url)
    with TestClient(create_app(settings)) as client:
        first = client.get("/api/openapi.json").json()
        assert first["x-eldersafe-services"]["inspection"] == "unavailable"
        with serve(build_upstream("inspection"), port=port):
            second = client.get("/api/openapi.json").json()
        assert second["x-eldersafe-services"]["inspection"] == "ok"
        assert "/api/inspection/echo/{rest}" in second["paths"]


def test_identical_components_collapse() -> None:
    problem = {"type": "object", "properties": {"status": {"type": "integer"}}}
    own = {"openapi": "3.1.0", "paths": {"/a": {}}, "components": {"schemas": {"Problem": problem}}}
    service = {"paths": {"/api/registry/x": {"get": {"responses": {"404": {"content": {"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/Problem"}}}}}}}}, "components": {"schemas": {"Problem": problem}}}
    merged = merge_openapi(own, {"registry": service})
    assert list(merged["components"]["schemas"]) == ["Problem"]
    assert own["paths"] == {"/a": {}}  # the gateway's own document is not modified
