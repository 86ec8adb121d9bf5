"""Open311 discovery, service list and service definitions, the jurisdiction, and the error layer's scope."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eldersafe_inspection.settings import get_settings

from .support import BASE, errors, xml

CODES = ["fire", "food", "abuse_neglect", "building", "unlicensed", "other"]
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}


def test_the_service_list_names_every_tip_category_in_json(client: TestClient) -> None:
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    services = response.json()
    assert [service["service_code"] for service in services] == CODES
    for service in services:
        assert set(service) == SERVICE_FIELDS
        assert service["metadata"] is True and service["type"] == "realtime"
        assert service["service_name"] and service["group"] == "养老机构安全"


def test_the_service_list_parses_as_the_specifications_xml(client: TestClient) -> None:
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    services = root.findall("service")
    assert [service.findtext("service_code") for service in services] == CODES
    assert {child.tag for child in services[0]} == SERVICE_FIELDS
    assert services[0].findtext("metadata") == "true"
    assert services[0].findtext("service_name") == "消防安全"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_service_definition_offers_the_contact_consent_attribute(client: TestClient, fmt: str) -> None:
    response = client.get(f"{BASE}/services/unlicensed.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        body = response.json()
        assert body["service_code"] == "unlicensed"
        [attribute] = body["attributes"]
        assert attribute["code"] == "contact_consent" and attribute["datatype"] == "singlevaluelist"
        assert attribute["variable"] is True and attribute["required"] is False and attribute["order"] == 1
        assert [value["key"] for value in attribute["values"]] == ["true", "false"]
    else:
        root = xml(response)
        assert root.tag == "service_definition" and root.findtext("service_code") == "unlicensed"
        [attribute] = root.findall("attributes/attribute")
        assert attribute.findtext("code") == "contact_consent" and attribute.findtext("required") == "false"
        assert [value.findtext("key") for value in attribute.findall("values/value")] == ["true", "false"]


def test_an_unknown_service_code_is_404_in_the_open311_format(client: TestClient) -> None:
    response = client.get(f"{BASE}/services/parking.json")
    assert response.status_code == 404
    [description] = errors(response)
    assert "service_code" in description and "parking" in description


def test_errors_in_xml_follow_the_specification(client: TestClient) -> None:
    response = client.get(f"{BASE}/services/parking.xml")
    assert response.status_code == 404
    root = xml(response)
    assert root.tag == "errors"
    [error] = root.findall("error")
    assert error.findtext("code") == "404" and "service_code" in (error.findtext("description") or "")


def test_a_foreign_jurisdiction_is_404_and_ours_is_served(client: TestClient) -> None:
    ours = get_settings().open311_jurisdiction_id
    assert client.get(f"{BASE}/services.json", params={"jurisdiction_id": ours}).status_code == 200
    for path in ("services.json", "services/fire.json", "requests.json", "tokens/abc.json"):
        response = client.get(f"{BASE}/{path}", params={"jurisdiction_id": "cityofchicago.org"})
        assert response.status_code == 404, path
        assert errors(response) == ["jurisdiction_id was not found."]


def test_discovery_points_at_this_endpoint(client: TestClient) -> None:
    body = client.get(f"{BASE}/discovery.json").json()
    [endpoint] = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/") and endpoint["formats"] == ["application/json", "text/xml"]
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert [node.text for node in root.findall("endpoints/endpoint/formats/format")] == endpoint["formats"]


def test_unknown_paths_formats_methods_and_parameters_answer_in_the_open311_format(client: TestClient) -> None:
    response = client.get(f"{BASE}/nothing.json")
    assert response.status_code == 404 and errors(response)
    response = client.get("/open311/v3/services.xml")
    assert response.status_code == 404 and xml(response).tag == "errors"
    response = client.get(f"{BASE}/services.csv")
    assert response.status_code == 404 and errors(response) == ["The format must be json or xml."]
    response = client.delete(f"{BASE}/requests.json")
    assert response.status_code == 405 and response.headers["allow"] == "GET, POST" and errors(response)
    response = client.get(f"{BASE}/services.json", params={"colour": "red"})
    assert response.status_code == 400 and errors(response) == ["colour: unknown parameter"]


def test_open311_answers_are_neither_cached_nor_referred(client: TestClient) -> None:
    for response in (client.get(f"{BASE}/services.json"), client.get(f"{BASE}/services/x.xml")):
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_the_rest_of_the_service_keeps_problem_json(client: TestClient) -> None:
    response = client.get("/api/inspection/tips")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "token_missing"
    response = client.get("/api/inspection/no-such-thing")
    assert response.status_code == 404 and response.headers["content-type"] == "application/problem+json"


def test_the_openapi_documents_open311_answers_and_errors(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    post = paths[f"{BASE}/requests.{{fmt}}"]["post"]
    assert "application/x-www-form-urlencoded" in post["requestBody"]["content"]
    assert set(post["responses"]["201"]["content"]) == {"application/json", "text/xml"}
    assert "application/json" in post["responses"]["403"]["content"]
    assert f"{BASE}/tokens/{{token}}.{{fmt}}" in paths
