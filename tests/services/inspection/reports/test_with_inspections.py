"""Coverage, classification and the report fed by real inspections through the public API (no fakes)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_inspection.main import app
from eldersafe_inspection.photos.storage import LocalPhotoStorage, get_photo_storage

from ..inspections.helpers import URL, World, build_world, create_body, failing, passing, upload

CAMPAIGNS = "/api/inspection/campaigns"


@pytest.fixture
def world(session: Session, tmp_path: Path, client: TestClient) -> Iterator[World]:
    app.dependency_overrides[get_photo_storage] = lambda: LocalPhotoStorage(tmp_path / "photos")
    yield build_world(session)


def submit_fire_inspection(client: TestClient, auth: Any, world: World) -> str:
    """A fire inspection of 甲院: F1 failed but fixed on the spot, F2 (an unfixable major criterion) failed."""
    headers = auth("fire", "staff")
    response = client.post(URL, json=create_body(world), headers=headers)
    assert response.status_code == 201, response.text
    inspection_id = response.json()["id"]
    evidence = upload(client, headers)
    answers = [failing(world, "F1", description="灭火器压力不足", fixed_on_spot=True),
               failing(world, "F2", description="D级危房"), *passing(world, "F3"),
               *passing(world, "F4", F4=[evidence])]
    client.put(f"{URL}/{inspection_id}/answers", json={"answers": answers}, headers=headers).raise_for_status()
    client.post(f"{URL}/{inspection_id}/submit", headers=headers).raise_for_status()
    return inspection_id


def test_a_submitted_inspection_counts_for_coverage_classification_and_report(
        client: TestClient, auth: Any, world: World) -> None:
    headers = auth("civil_affairs", "head")
    before = client.get(f"{CAMPAIGNS}/{world.campaign_id}/coverage", headers=headers).json()
    assert before["pairs_done"] == 0
    submit_fire_inspection(client, auth, world)

    coverage = client.get(f"{CAMPAIGNS}/{world.campaign_id}/coverage", headers=headers).json()
    assert (coverage["pairs_total"], coverage["pairs_done"]) == (6, 1)  # 2 facilities x fire, market, health
    done = {f["facility_id"]: f["departments_done"] for f in coverage["facilities"]}
    assert done == {world.facility_id: ["fire"], world.other_facility_id: []}

    classes = client.get(f"{CAMPAIGNS}/{world.campaign_id}/classifications", headers=headers).json()
    suggested = {row["facility_id"]: row["suggested_class"] for row in classes}
    # Nobody has inspected 乙院: not_inspected, never pass.
    assert suggested == {world.facility_id: "shutdown", world.other_facility_id: "not_inspected"}

    report = client.get(f"{CAMPAIGNS}/{world.campaign_id}/survey-report", headers=headers).json()
    assert report["hazards_total"] == 2
    assert {h["key"]: (h["total"], h["open"]) for h in report["hazards_by_severity"]}["major"] == (1, 1)
