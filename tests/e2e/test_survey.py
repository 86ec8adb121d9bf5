"""The survey across processes: a campaign, a fire inspection with a failed item, coverage, the report,
the task force's classification, and the hazard event on the shared table."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.support.platform import Platform
from tests.support.survey import bearer, record_failed_inspection

pytestmark = pytest.mark.e2e


def test_an_inspection_flows_into_coverage_report_and_classification(platform: Platform) -> None:
    api = platform.base_url
    head, fire = platform.login("civil_affairs_head"), platform.login("fire_staff")
    recorded = record_failed_inspection(platform)
    campaign_id, facility_id, photo_id = recorded.campaign_id, recorded.facility_id, recorded.photo_id
    again = httpx.post(f"{api}/api/inspection/inspections/{recorded.inspection['id']}/submit",
                       headers={**bearer(fire), "Idempotency-Key": "e2e-submit-2"})
    assert again.status_code == 409

    coverage = httpx.get(f"{api}/api/inspection/campaigns/{campaign_id}/coverage", headers=bearer(head)).json()
    assert coverage["pairs_done"] == 1 and 0 < coverage["progress"] < 1

    report = httpx.get(f"{api}/api/inspection/campaigns/{campaign_id}/survey-report", headers=bearer(head)).json()
    assert report["hazards_total"] >= 1
    workbook = httpx.get(f"{api}/api/inspection/campaigns/{campaign_id}/survey-report.xlsx", headers=bearer(head))
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"

    leader = platform.login("task_force_leader")
    decision = {"class": "suspend", "reason": "安全出口上锁，停业整顿至整改完毕"}
    decided = httpx.post(f"{api}/api/inspection/campaigns/{campaign_id}/classifications/{facility_id}",
                         headers=bearer(leader), json=decision)
    assert decided.status_code in (200, 201), decided.text
    refused = httpx.post(f"{api}/api/inspection/campaigns/{campaign_id}/classifications/{facility_id}",
                         headers=bearer(fire), json={"class": "pass", "reason": "消防检查员不能决定分类"})
    assert refused.status_code == 403

    engine = create_engine(platform.env["ELDERSAFE_DATABASE_URL"])
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT type, payload FROM event WHERE type IN ('hazard.found', "
                                 "'inspection.submitted', 'facility.classified') ORDER BY id")).all()
    engine.dispose()
    payloads = [(kind, json.loads(body) if isinstance(body, str) else body) for kind, body in rows]
    # Other tests share the platform: look only at this campaign's events.
    mine = [(kind, body) for kind, body in payloads if body.get("campaign_id") == campaign_id]
    kinds = [kind for kind, _ in mine]
    assert kinds.count("hazard.found") == 1 and "inspection.submitted" in kinds and "facility.classified" in kinds
    hazard = next(body for kind, body in mine if kind == "hazard.found")
    assert photo_id in hazard["photo_ids"] and hazard["severity"] in ("ordinary", "major")
