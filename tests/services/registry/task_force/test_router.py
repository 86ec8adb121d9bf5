from fastapi.testclient import TestClient

from tests.services.registry.helpers import World

URL = "/api/registry/task-force"


def test_roster_lists_leaders_first(client: TestClient, world: World, civil: dict) -> None:
    members = client.get(URL, headers=civil).json()
    assert [m["position"] for m in members][:2] == ["leader", "deputy"]
    assert len(members) == 9


def test_roster_is_maintained(client: TestClient, world: World, civil: dict) -> None:
    body = {"name": "新成员", "title": "区住建局副局长", "position": "member", "department": "housing",
            "phone": "13800000200"}
    created = client.post(URL, headers=civil, json=body)
    assert created.status_code == 201, created.text
    url = f"{URL}/{created.json()['id']}"
    assert client.patch(url, headers=civil, json={"position": "deputy"}).json()["position"] == "deputy"
    assert client.delete(url, headers=civil).status_code == 204
    assert client.delete(url, headers=civil).status_code == 404
    assert len(client.get(URL, headers=civil).json()) == 9


def test_bad_members(client: TestClient, world: World, civil: dict) -> None:
    base = {"name": "x", "title": "y", "position": "member"}
    assert client.post(URL, headers=civil, json={**base, "department": "tourism"}).status_code == 422
    assert client.post(URL, headers=civil, json={**base, "position": "boss"}).status_code == 422
    assert client.patch(f"{URL}/not-a-uuid", headers=civil, json={}).status_code == 422
