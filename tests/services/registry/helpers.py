"""Test data for the registry: valid fictional identifiers, facility bodies, a small world of facilities."""

from __future__ import annotations

import io
import itertools
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from openpyxl import Workbook
from pydantic import BaseModel
from sqlmodel import Session, col, select

from eldersafe_common import clock
from eldersafe_common.events import Consumer, EventRecord, EventType, publish
from eldersafe_registry.consumers import consumers
from eldersafe_registry.facilities import service as facilities
from eldersafe_registry.facilities.schemas import FacilityCreate
from eldersafe_registry.identifiers import id_check_char, uscc_check_char
from eldersafe_registry.imports.columns import COLUMNS
from eldersafe_registry.models import Area, Facility, FacilityPlanApproval, Resident
from eldersafe_registry.seed import SEED_PRINCIPAL, load_district, seed
from tests.support.campaign_events import announce

COMMUNITY = "999001001001"
SUBDISTRICT = "999001001"
OTHER_SUBDISTRICT = "999001002"
OTHER_COMMUNITY = "999001002001"
OTHER_DISTRICT_COMMUNITY = "999002001001"
OWN_FACILITY = "d728f789-9bc8-562e-9acf-2a0e6bc5927a"  # the demo facility manager's facility

_serial = itertools.count(1)


def make_uscc() -> str:
    first17 = f"52999001M{next(_serial):08d}"
    return first17 + uscc_check_char(first17)


def make_id_number(born: date = date(1940, 5, 17)) -> str:
    first17 = f"999001{born:%Y%m%d}{next(_serial) % 1000:03d}"
    return first17 + id_check_char(first17)


def facility_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "测试颐养院", "uscc": make_uscc(), "ownership": "private", "address": "鹤鸣区松鹤社区测试路1号",
        "subdistrict_code": SUBDISTRICT, "community_code": COMMUNITY, "latitude": 47.33, "longitude": 130.26,
        "legal_representative": "测试法人", "legal_representative_phone": "13900009999",
        "manager": "测试负责人", "manager_phone": "13700009999", "licensed_beds": 10,
        "building": {"floors": 3, "height_m": 9.5, "structure": "brick_concrete", "floor_area_m2": 900,
                     "year_built": 2001},
    }
    body.update(overrides)
    return body


def resident_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": "测试老人", "id_number": make_id_number(), "care_level": "semi_dependent",
                            "guardian_name": "测试家属", "guardian_phone": "13600001111", "admitted_on": "2024-03-01"}
    body.update(overrides)
    return body


def add_facility(session: Session, *, community: str = COMMUNITY, facility_id: str | None = None,
                 residents: int = 0, **overrides: Any) -> Facility:
    """Register a facility directly through the service (as the seed does), with ``residents`` on its roster."""
    body = facility_body(community_code=community, subdistrict_code=community[:9], **overrides)
    facility_id = facility_id or str(uuid.uuid4())
    now = clock.now()
    roster = [Resident(id=str(uuid.uuid4()), facility_id=facility_id, name=f"老人{i}", id_number=make_id_number(),
                       care_level="self_care", admitted_on=date(2023, 1, 1), created_at=now, updated_at=now)
              for i in range(residents)]
    facility = facilities.register(session, data=FacilityCreate.model_validate(body), principal=SEED_PRINCIPAL,
                                   facility_id=facility_id, roster=roster)
    # Commit the test's savepoint: a refused request rolls the session back, and must not take this with it.
    session.commit()
    return facility


class PlanApproved(BaseModel):
    """rectification's ``plan.approved`` v1 payload, as that service publishes it."""

    plan_id: str
    facility_id: str
    campaign_id: str | None
    area_code: str
    decision: str
    approved_by: str
    approved_by_name: str
    approved_at: datetime


PLAN_APPROVED = EventType("plan.approved", 1, PlanApproved)


def campaign_of(facility: Facility) -> str:
    """The campaign under way that the helpers put the facility in (one per facility, so each test stays apart)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"campaign:{facility.id}"))


def announce_campaign(session: Session, facility: Facility, *, campaign_id: str | None = None,
                      started_days_ago: int = 10) -> str:
    """Publish inspection's campaign.created for a campaign covering the facility (under way unless told)."""
    campaign_id = campaign_id or campaign_of(facility)
    announce(session, campaign_id, start=clock.china_today() - timedelta(days=started_days_ago),
             targets=[facility.id], area_code=facility.area_code[:6])
    return campaign_id


def publish_plan_approved(session: Session, facility: Facility, decision: str = "suspend", *,
                          approved_at: datetime | None = None, plan_id: str | None = None,
                          campaign_id: str | None = None) -> str:
    """Publish the event the rectification service sends when the task-force leader approves a plan (by default
    of a campaign under way that covers the facility, announced with it)."""
    plan_id = plan_id or str(uuid.uuid4())
    if campaign_id is None:
        campaign_id = announce_campaign(session, facility)
    publish(session, PLAN_APPROVED, subject=f"facility:{facility.id}", producer="rectification",
            payload=PlanApproved(plan_id=plan_id, facility_id=facility.id, campaign_id=campaign_id,
                                 area_code=facility.area_code, decision=decision, approved_by="test-leader",
                                 approved_by_name="专班组长", approved_at=approved_at or clock.now()))
    return plan_id


def approve_plan(session: Session, facility: Facility, decision: str = "suspend", **kwargs: Any) -> str:
    """An approved plan for the facility, delivered through the registry's own consumers."""
    plan_id = publish_plan_approved(session, facility, decision, **kwargs)
    for consumer in consumers():
        consumer.drain(session)
    session.commit()
    return plan_id


def approval_row(session: Session, facility: Facility, decision: str = "suspend") -> None:
    """The registry's copy of an approved plan of a campaign under way, written directly (publishes nothing)."""
    from eldersafe_registry.models import RegistryCampaign

    campaign_id = campaign_of(facility)
    if session.get(RegistryCampaign, campaign_id) is None:
        session.add(RegistryCampaign(campaign_id=campaign_id, name="专项整治", area_code=facility.area_code,
                                     survey_start=clock.china_today() - timedelta(days=10),
                                     review_end=clock.china_today() + timedelta(days=60), targets=[facility.id],
                                     event_id=0, updated_at=clock.now()))
    session.add(FacilityPlanApproval(facility_id=facility.id, plan_id=str(uuid.uuid4()), campaign_id=campaign_id,
                                     decision=decision, approved_at=clock.now(), approved_by_name="专班组长"))
    session.flush()


def vacate(session: Session, facility: Facility) -> None:
    """Move every resident out directly (publishes nothing), as if each had been relocated."""
    for resident in session.exec(select(Resident).where(Resident.facility_id == facility.id,
                                                         col(Resident.moved_out_on).is_(None))):
        resident.moved_out_on = resident.admitted_on
        resident.move_out_destination = "家中"
        session.add(resident)
    row = session.get(Facility, facility.id)
    assert row is not None
    row.residents_count = 0
    session.add(row)
    session.flush()


def plans_consumer() -> Consumer:
    (consumer,) = [c for c in consumers() if c.name == "registry.plans"]
    return consumer


def events(session: Session, subject: str | None = None, type_: str | None = None) -> list[EventRecord]:
    stmt = select(EventRecord).order_by(col(EventRecord.id))
    if subject:
        stmt = stmt.where(EventRecord.subject == subject)
    if type_:
        stmt = stmt.where(EventRecord.type == type_)
    return list(session.exec(stmt))


HEADERS = [column.header for column in COLUMNS]


def row(**overrides: Any) -> list[Any]:
    values = {
        "name": "导入颐养院", "uscc": make_uscc(), "ownership": "民办", "address": "鹤鸣区松鹤社区导入路1号",
        "subdistrict_code": "999001001", "community_code": COMMUNITY, "legal_representative": "导入法人",
        "legal_representative_phone": 13900001234, "manager": "导入负责人", "manager_phone": "13700001234",
        "licensed_beds": 30, "latitude": 47.3, "longitude": 130.2, "building.floors": 3, "building.height_m": 9,
        "building.structure": "砖混", "building.floor_area_m2": 800, "building.year_built": 2005,
    }
    values.update({key.replace("__", "."): value for key, value in overrides.items()})
    return [values.get(column.field) for column in COLUMNS]


def workbook(*rows: list[Any], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class World:
    own: Facility  # the facility manager's facility, in COMMUNITY
    sibling: Facility  # same community, another facility
    other_subdistrict: Facility  # in OTHER_COMMUNITY
    other_district: Facility  # outside the demo district entirely

    def resident_of(self, session: Session, facility: Facility) -> Resident:
        stmt = select(Resident).where(Resident.facility_id == facility.id).order_by(col(Resident.id))
        return session.exec(stmt).first()  # type: ignore[return-value]


def build_world(session: Session) -> World:
    district = {**load_district(), "facilities": []}
    seed(session, district)
    for code, level, parent in [("999002", "district", None), ("999002001", "subdistrict", "999002"),
                                (OTHER_DISTRICT_COMMUNITY, "community", "999002001")]:
        session.add(Area(code=code, name_zh=f"外区{code}", level=level, parent_code=parent))
    session.commit()
    return World(
        own=add_facility(session, facility_id=OWN_FACILITY, name="松鹤颐养院", residents=1, licensed_beds=50),
        sibling=add_facility(session, name="竹园老年公寓", residents=1, licensed_beds=30,
                             ownership="public"),
        other_subdistrict=add_facility(session, community=OTHER_COMMUNITY, name="福星敬老院", residents=1,
                                       licensed_beds=80, ownership="public_private"),
        other_district=add_facility(session, community=OTHER_DISTRICT_COMMUNITY, name="外区养老院", residents=1,
                                    licensed_beds=20),
    )
