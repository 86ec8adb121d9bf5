"""The survey across processes: a campaign, a fire inspection with a failed item, coverage, the report,
the task force's classification, and the hazard event on the shared table."""

from __future__ import annotations

import io
from datetime import date, timedelta

import httpx
import pytest
from PIL import Image
from sqlalchemy import create_engine, text

from tests.e2e.test_platform import bearer
from tests.support.platform import Platform

pytestmark = pytest.mark.e2e


def _answer(item: dict, *, fail: bool, photo_id: str | None) -> dict:
    if item["answer_type"] == "number":
        low, high = item.get("number_min"), item.get("number_max")
        value = low if low is not None else (high if high is not None else 1)
        return {"item_id": item["id"], "result": "pass", "number": value}
    answer: dict = {"item_id": item["id"], "result": "fail" if fail else "pass"}
    photos = [photo_id] if photo_id and (fail or item.get("photo_required")) else []
    if photos:
        answer["photo_ids"] = photos
    if item["answer_type"] == "text":
        answer["text"] = "已查看"
    if fail:
        answer["finding"] = {"description": "疏散通道堆放杂物，安全出口上锁", "measures": "立即清理并解锁"}
    return answer


def test_an_inspection_flows_into_coverage_report_and_classification(platform: Platform) -> None:
    api = platform.base_url
    head, fire = platform.login("civil_affairs_head"), platform.login("fire_staff")
    today = date.today()
    campaign = httpx.post(f"{api}/api/inspection/campaigns", headers=bearer(head), json={
        "name": "端到端专项整治", "area_code": "999001", "departments": ["fire"],
        "survey_start": str(today - timedelta(days=1)), "survey_end": str(today + timedelta(days=6)),
        "rectification_start": str(today + timedelta(days=7)), "rectification_end": str(today + timedelta(days=30)),
        "review_start": str(today + timedelta(days=31)), "review_end": str(today + timedelta(days=45)),
    })
    assert campaign.status_code == 201, campaign.text
    campaign_id = campaign.json()["id"]
    targets = httpx.get(f"{api}/api/inspection/campaigns/{campaign_id}/facilities", headers=bearer(head)).json()
    facility_id = next(target["facility_id"] for target in targets if target["included"])

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 40, 40)).save(buffer, format="PNG")
    photo = httpx.post(f"{api}/api/inspection/photos", headers=bearer(fire),
                       files={"file": ("exit.png", buffer.getvalue(), "image/png")})
    assert photo.status_code == 201, photo.text
    photo_id = photo.json()["id"]

    draft = httpx.post(f"{api}/api/inspection/inspections", headers={**bearer(fire), "Idempotency-Key": "e2e-1"},
                       json={"campaign_id": campaign_id, "facility_id": facility_id, "mode": "surprise",
                             "departments": ["fire"], "inspectors": [{"name": "消防检查员", "department": "fire"}]})
    assert draft.status_code == 201, draft.text
    inspection = draft.json()
    items = [item for section in inspection["sections"] for item in section["items"]]
    failing = next(item for item in items if item["answer_type"] == "pass_fail")
    answers = [_answer(item, fail=item is failing, photo_id=photo_id) for item in items]
    saved = httpx.put(f"{api}/api/inspection/inspections/{inspection['id']}/answers", headers=bearer(fire),
                      json={"answers": answers})
    assert saved.status_code == 200, saved.text
    submitted = httpx.post(f"{api}/api/inspection/inspections/{inspection['id']}/submit",
                           headers={**bearer(fire), "Idempotency-Key": "e2e-submit-1"})
    assert submitted.status_code == 200, submitted.text
    again = httpx.post(f"{api}/api/inspection/inspections/{inspection['id']}/submit",
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
    types = [row[0] for row in rows]
    assert types.count("hazard.found") == 1 and "inspection.submitted" in types and "facility.classified" in types
    hazard = next(row[1] for row in rows if row[0] == "hazard.found")
    assert photo_id in (hazard if isinstance(hazard, str) else str(hazard))
