"""A small inspection world written straight into the tables: two facilities, a campaign targeting both,
published fire and market checklists (one item cites an unfixable major-hazard criterion), and photos."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from PIL import ExifTags, Image
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.events import EventRecord
from eldersafe_inspection.campaigns.models import Campaign, CampaignFacility
from eldersafe_inspection.checklists.models import Checklist, ChecklistItem, ChecklistVersion, MajorHazardCriterion
from eldersafe_inspection.targets.models import InspectionTarget
from tests.conftest import COMMUNITY, DISTRICT

OTHER_SUBDISTRICT = DISTRICT + "002"
OTHER_COMMUNITY = OTHER_SUBDISTRICT + "001"
URL = "/api/inspection/inspections"
PHOTOS = "/api/inspection/photos"

# code → (department, category, answer_type, extra columns)
ITEMS: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "F1": ("fire", "fire", "pass_fail", {}),
    "F2": ("fire", "fire", "pass_fail", {"major_hazard": True, "criterion_code": "TEST-MZ-1"}),
    "F3": ("fire", "fire", "number", {"number_min": 1.2, "number_max": 10.0, "unit": "m"}),
    "F4": ("fire", "fire", "pass_fail", {"photo_required": True}),
    "M1": ("market", "food", "pass_fail", {}),
}


@dataclass
class World:
    campaign_id: str
    facility_id: str  # in COMMUNITY
    other_facility_id: str  # in OTHER_COMMUNITY
    outside_campaign_id: str  # a facility the campaign does not target
    items: dict[str, str] = field(default_factory=dict)  # code → item id
    versions: dict[str, str] = field(default_factory=dict)  # department → version id


def _target(session: Session, facility_id: str, name: str, area: str) -> None:
    session.add(InspectionTarget(facility_id=facility_id, name=name, area_code=area, ownership="private",
                                 licensed_beds=50, residents_count=30, status="operating", updated_at=clock.now()))


def _checklist(session: Session, world: World, department: str) -> None:
    now = clock.now()
    checklist_id, version_id = str(uuid.uuid4()), str(uuid.uuid4())
    session.add(Checklist(id=checklist_id, department=department, code=f"{department.upper()}-BASE",
                          title_zh=f"{department}检查表", draft=[], draft_updated_at=now, draft_updated_by="seed",
                          current_version=1, created_at=now, created_by="seed"))
    session.flush()
    session.add(ChecklistVersion(id=version_id, checklist_id=checklist_id, version=1, department=department,
                                 title_zh=f"{department}检查表", published_at=now, published_by="seed"))
    session.flush()
    world.versions[department] = version_id
    for position, (code, (dept, category, answer_type, extra)) in enumerate(ITEMS.items()):
        if dept != department:
            continue
        item_id = str(uuid.uuid4())
        world.items[code] = item_id
        session.add(ChecklistItem(id=item_id, version_id=version_id, position=position, code=code,
                                  text_zh=f"检查项 {code}", category=category, basis="GB 38600-2019 第5.1条",
                                  answer_type=answer_type, **extra))
    session.flush()


def build_world(session: Session) -> World:
    world = World(campaign_id=str(uuid.uuid4()), facility_id=str(uuid.uuid4()),
                  other_facility_id=str(uuid.uuid4()), outside_campaign_id=str(uuid.uuid4()))
    _target(session, world.facility_id, "甲院", COMMUNITY)
    _target(session, world.other_facility_id, "乙院", OTHER_COMMUNITY)
    _target(session, world.outside_campaign_id, "丙院", COMMUNITY)
    now, today = clock.now(), clock.china_today()
    # Inspections belong to the survey and rectification phases: the world's survey runs today.
    session.add(Campaign(id=world.campaign_id, name="南山区养老机构安全专项整治", area_code=DISTRICT,
                         departments=["fire", "market", "health"], survey_start=today - timedelta(days=5),
                         survey_end=today + timedelta(days=5), rectification_start=today + timedelta(days=6),
                         rectification_end=today + timedelta(days=60), review_start=today + timedelta(days=61),
                         review_end=today + timedelta(days=90), created_at=now, created_by="seed", updated_at=now,
                         updated_by="seed"))
    session.flush()
    for facility_id in (world.facility_id, world.other_facility_id):
        session.add(CampaignFacility(campaign_id=world.campaign_id, facility_id=facility_id, added_at=now))
    session.add(MajorHazardCriterion(id=str(uuid.uuid4()), code="TEST-MZ-1", clause="第四条第（一）项",
                                     category="building", text_zh="C级、D级危房", lead_departments=["housing"],
                                     fixable=False, updated_at=now))
    session.flush()
    _checklist(session, world, "fire")
    _checklist(session, world, "market")
    # Commit the test's savepoint: a refused request rolls the session back, and must not take this with it.
    session.commit()
    return world


def create_body(world: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "campaign_id": world.campaign_id, "facility_id": world.facility_id, "mode": "announced",
        "departments": ["fire"], "inspectors": [{"name": "王消防", "department": "fire", "subject": "test-fire-staff"}],
        "started_at": "2026-05-06T09:30:00+08:00", "latitude": 47.35, "longitude": 130.29,
    }
    body.update(overrides)
    return body


def passing(world: World, *codes: str, **photos: list[str]) -> list[dict[str, Any]]:
    """Passing answers for ``codes``; number items get an in-range number, photo items the given photos."""
    answers = []
    for code in codes:
        answer: dict[str, Any] = {"item_id": world.items[code], "result": "pass"}
        if ITEMS[code][2] == "number":
            answer["number"] = 2.0
        if code in photos:
            answer["photo_ids"] = photos[code]
        answers.append(answer)
    return answers


def failing(world: World, code: str, *, description: str = "疏散通道堵塞", **finding: Any) -> dict[str, Any]:
    return {"item_id": world.items[code], "result": "fail", "finding": {"description": description, **finding}}


def events_of(session: Session, event_type: str) -> list[EventRecord]:
    stmt = select(EventRecord).where(EventRecord.type == event_type).order_by(col(EventRecord.id))
    return list(session.exec(stmt))


def jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG carrying a camera model and GPS coordinates in its EXIF."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "TestCam 3000"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (47.0, 20.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (130.0, 17.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(client: Any, headers: dict[str, str], data: bytes | None = None, name: str = "photo.jpg") -> str:
    response = client.post(PHOTOS, headers=headers, files={"file": (name, data or jpeg_with_gps(), "image/jpeg")})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])
