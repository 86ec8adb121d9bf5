"""The survey across processes: a campaign, a fire inspection with a failed item, coverage, the report,
the task force's classification, and the hazard event on the shared table."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.support.platform import Platform
from tests.support.survey import bearer, png, record_failed_inspection

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


def wait_for(read, accept, timeout: float = 45):  # type: ignore[no-untyped-def]
    """Poll ``read()`` until ``accept`` holds of its value (the workers carry events between services)."""
    deadline = time.monotonic() + timeout
    while True:
        value = read()
        if accept(value):
            return value
        assert time.monotonic() < deadline, f"timed out; last value: {value}"
        time.sleep(0.3)


def test_the_classification_follows_the_ledger_and_an_amendment_withdraws_its_hazard(platform: Platform) -> None:
    """Across the services: a major hazard found by inspection enters rectification's ledger; while it is open
    the facility is suggested suspend (or shutdown), once signed off it passes; a facility nobody inspected is
    not_inspected; an amendment that passes a failed item closes its hazard as withdrawn and tells the inspector."""
    api = platform.base_url
    head, fire, fire_head = (platform.login(name) for name in ("civil_affairs_head", "fire_staff", "fire_head"))
    recorded = record_failed_inspection(platform, campaign_name="台账联动专项整治", key="ledger-e2e", severity="major")
    campaign_id, facility_id = recorded.campaign_id, recorded.facility_id
    (finding,) = recorded.inspection["findings"]
    classes = f"{api}/api/inspection/campaigns/{campaign_id}/classifications"

    def suggestion() -> dict[str, str]:
        rows = httpx.get(classes, headers=bearer(head)).json()
        return {row["facility_id"]: row["suggested_class"] for row in rows}

    first = suggestion()
    assert first[facility_id] in ("suspend", "shutdown")
    assert {klass for fid, klass in first.items() if fid != facility_id} == {"not_inspected"}

    def hazard_of(key: str) -> dict:
        rows = httpx.get(f"{api}/api/rectification/hazards", params={"campaign_id": campaign_id},
                         headers=bearer(head)).json()["items"]
        return next((row for row in rows if row["hazard_key"] == key), {})

    hazard = wait_for(lambda: hazard_of(finding["hazard_key"]), bool)
    path = f"{api}/api/rectification/hazards/{hazard['id']}"
    assert httpx.post(f"{path}/start", headers=bearer(fire)).status_code == 200
    uploaded = httpx.post(f"{path}/evidence", headers=bearer(fire), files={"file": ("done.png", png(), "image/png")})
    assert uploaded.status_code == 201, uploaded.text
    assert httpx.post(f"{path}/submit", headers=bearer(fire), json={"note": "已清理"}).status_code == 200
    assert httpx.post(f"{path}/accept", headers=bearer(fire_head), json={"note": "现场复核合格"}).status_code == 200
    assert wait_for(suggestion, lambda s: s[facility_id] == "pass")[facility_id] == "pass"  # accepted: rectified
    signed = httpx.post(f"{path}/sign-off", headers=bearer(head))  # four eyes: not the head who accepted
    assert signed.status_code == 200, signed.text
    report = httpx.get(f"{api}/api/inspection/campaigns/{campaign_id}/survey-report", headers=bearer(head)).json()
    counts = {row["klass"]: row["suggested"] for row in report["facilities_by_class"]}
    assert counts["pass"] == 1 and counts["suspend"] == counts["shutdown"] == 0
    assert counts["not_inspected"] == report["facilities_total"] - 1

    # A second facility: its failure is amended to a pass, so the ledger withdraws the hazard it opened.
    other = next(fid for fid in first if fid != facility_id)
    second = record_failed_inspection(platform, facility_id=other, campaign_id=campaign_id, key="ledger-e2e-2")
    (voided,) = second.inspection["findings"]
    withdrawn = wait_for(lambda: hazard_of(voided["hazard_key"]), bool)
    reason = "复核现场照片，该项实际合格，原记录有误"
    amended = httpx.post(f"{api}/api/inspection/inspections/{second.inspection['id']}/amendments",
                         headers=bearer(fire), json={"reason": reason, "answers": [
                             {"item_id": voided["item_id"], "result": "pass"}]})
    assert amended.status_code == 201, amended.text
    detail = wait_for(lambda: httpx.get(f"{api}/api/rectification/hazards/{withdrawn['id']}",
                                        headers=bearer(head)).json(), lambda h: h["state"] == "withdrawn")
    assert any(entry["action"] == "withdrawn" and entry["detail"].get("reason") == reason
               for entry in detail["history"]), detail["history"]
    inbox = wait_for(lambda: httpx.get(f"{api}/api/notification/inbox", headers=bearer(fire)).json()["items"],
                     lambda items: any(item["rule_key"] == "hazard.withdrawn" and item["link"].endswith(withdrawn["id"])
                                       for item in items))
    notice = next(item for item in inbox if item["rule_key"] == "hazard.withdrawn")
    assert reason in notice["body"]
