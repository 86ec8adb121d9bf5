"""Drive the survey through the public API: a campaign, then an inspection with one failed item.

Shared by the end-to-end and browser tests that need a hazard to exist.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from PIL import Image

from eldersafe_common import clock
from tests.support.platform import Platform


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def png(color: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), color).save(buffer, format="PNG")
    return buffer.getvalue()


def create_campaign(platform: Platform, token: str, *, name: str, departments: list[str]) -> dict[str, Any]:
    """A district-wide campaign whose survey phase includes today."""
    today = clock.china_today()
    response = httpx.post(f"{platform.base_url}/api/inspection/campaigns", headers=bearer(token), json={
        "name": name, "area_code": "999001", "departments": departments,
        "survey_start": str(today - timedelta(days=1)), "survey_end": str(today + timedelta(days=6)),
        "rectification_start": str(today + timedelta(days=7)), "rectification_end": str(today + timedelta(days=30)),
        "review_start": str(today + timedelta(days=31)), "review_end": str(today + timedelta(days=45)),
    })
    assert response.status_code == 201, response.text
    return dict(response.json())


def answer(item: dict[str, Any], *, fail: bool, photo_id: str | None, severity: str | None = None) -> dict[str, Any]:
    """A valid answer for any item: pass (numbers inside their limits) or a fail with a finding."""
    if item["answer_type"] == "number":
        low, high = item.get("number_min"), item.get("number_max")
        value = low if low is not None else (high if high is not None else 1)
        return {"item_id": item["id"], "result": "pass", "number": value}
    result: dict[str, Any] = {"item_id": item["id"], "result": "fail" if fail else "pass"}
    if photo_id and (fail or item.get("photo_required")):
        result["photo_ids"] = [photo_id]
    if item["answer_type"] == "text":
        result["text"] = "已查看"
    if fail:
        result["finding"] = {"description": "疏散通道堆放杂物，安全出口上锁", "measures": "立即清理并解锁",
                             **({"severity": severity} if severity else {})}
    return result


@dataclass
class RecordedInspection:
    campaign_id: str
    facility_id: str
    inspection: dict[str, Any]
    photo_id: str
    failed_item_code: str


def record_failed_inspection(platform: Platform, *, facility_id: str | None = None,
                             campaign_name: str = "端到端专项整治", key: str = "e2e", severity: str | None = None,
                             campaign_id: str | None = None) -> RecordedInspection:
    """As fire staff, inspect one facility and fail one pass/fail item with a photo; submit (in a new campaign of
    the fire department, or in ``campaign_id``)."""
    api = platform.base_url
    head, fire = platform.login("civil_affairs_head"), platform.login("fire_staff")
    if campaign_id is None:
        campaign_id = create_campaign(platform, head, name=campaign_name, departments=["fire"])["id"]
    if facility_id is None:
        targets = httpx.get(f"{api}/api/inspection/campaigns/{campaign_id}/facilities", headers=bearer(head)).json()
        facility_id = next(target["facility_id"] for target in targets if target["included"])
    photo = httpx.post(f"{api}/api/inspection/photos", headers=bearer(fire),
                       files={"file": ("exit.png", png(), "image/png")})
    assert photo.status_code == 201, photo.text
    photo_id = photo.json()["id"]
    draft = httpx.post(f"{api}/api/inspection/inspections", headers={**bearer(fire), "Idempotency-Key": f"{key}-1"},
                       json={"campaign_id": campaign_id, "facility_id": facility_id, "mode": "surprise",
                             "departments": ["fire"], "inspectors": [{"name": "消防检查员", "department": "fire"}]})
    assert draft.status_code == 201, draft.text
    inspection = draft.json()
    items = [item for section in inspection["sections"] for item in section["items"]]
    failing = next(item for item in items if item["answer_type"] == "pass_fail")
    saved = httpx.put(f"{api}/api/inspection/inspections/{inspection['id']}/answers", headers=bearer(fire),
                      json={"answers": [answer(item, fail=item is failing, photo_id=photo_id, severity=severity)
                                        for item in items]})
    assert saved.status_code == 200, saved.text
    submitted = httpx.post(f"{api}/api/inspection/inspections/{inspection['id']}/submit",
                           headers={**bearer(fire), "Idempotency-Key": f"{key}-submit"})
    assert submitted.status_code == 200, submitted.text
    return RecordedInspection(campaign_id=campaign_id, facility_id=facility_id, inspection=submitted.json(),
                              photo_id=photo_id, failed_item_code=failing["code"])
