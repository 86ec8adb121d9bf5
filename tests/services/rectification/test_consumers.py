from datetime import UTC, datetime

from pydantic import BaseModel
from sqlmodel import Session, select

from eldersafe_common.events import EventType, publish
from eldersafe_rectification.consumers import consumers
from eldersafe_rectification.facilities.models import RectificationFacility
from tests.conftest import COMMUNITY, SUBDISTRICT
from tests.services.rectification.plans.support import classify
from tests.support.registry_events import change_status, register, update


class OldSnapshot(BaseModel):
    """A snapshot as a registry without locations and beds would publish it."""

    facility_id: str
    name: str
    area_code: str
    status: str
    changed: list[str] = ["name"]


OLD_UPDATED = EventType("facility.updated", 1, OldSnapshot)


def test_registered_facility_is_kept_with_its_manager(session: Session) -> None:
    register(session, "f-1", "松鹤颐养院", manager="王五", manager_phone="13700000000")
    consumer = consumers()[0]
    assert consumer.drain(session) == 1

    row = session.get(RectificationFacility, "f-1")
    assert row is not None
    assert (row.name, row.manager, row.manager_phone, row.status) == ("松鹤颐养院", "王五", "13700000000", "operating")


def test_events_are_applied_once_and_snapshots_converge(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-2", "福寿养老院")
    update(session, "f-2", "福寿养老院", changed=["manager", "manager_phone"], manager="赵六", manager_phone=None)
    # A snapshot replayed (the registry re-publishing it) must leave exactly the same row.
    update(session, "f-2", "福寿养老院", changed=["manager", "manager_phone"], manager="赵六", manager_phone=None)
    assert consumer.drain(session) == 3
    assert consumer.drain(session) == 0

    rows = session.exec(select(RectificationFacility).where(RectificationFacility.facility_id == "f-2")).all()
    assert [(r.manager, r.manager_phone) for r in rows] == [("赵六", None)]


def test_status_change_is_followed(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-3", "夕阳红公寓")
    change_status(session, "f-3", "operating", "suspended")
    change_status(session, "f-3", "suspended", "closed")
    consumer.drain(session)

    row = session.get(RectificationFacility, "f-3")
    assert row is not None and row.status == "closed"


def test_status_change_for_an_unknown_facility_is_consumed_without_a_row(session: Session) -> None:
    consumer = consumers()[0]
    change_status(session, "f-unknown", "operating", "closed")
    assert consumer.drain(session) == 1
    assert session.get(RectificationFacility, "f-unknown") is None


def test_moving_to_another_area_follows_the_snapshot(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-4", "康乐园")
    other = SUBDISTRICT + "002"
    update(session, "f-4", "康乐园", changed=["area_code"], area_code=other, community_code=other)
    consumer.drain(session)

    row = session.get(RectificationFacility, "f-4")
    assert row is not None and row.area_code == other


def test_snapshot_keeps_location_beds_and_residents(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-5", "长青院", latitude=47.1, longitude=130.2, licensed_beds=80, residents_count=12)
    update(session, "f-5", "长青院", changed=["residents_count"], latitude=47.1, longitude=130.2, licensed_beds=80,
           residents_count=11)
    consumer.drain(session)

    row = session.get(RectificationFacility, "f-5")
    assert row is not None
    assert (row.latitude, row.longitude, row.licensed_beds, row.residents_count) == (47.1, 130.2, 80, 11)


def test_an_older_snapshot_without_the_new_fields_keeps_them(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-6", "长青院", licensed_beds=80, residents_count=12)
    publish(session, OLD_UPDATED, subject="facility:f-6", producer="registry",
            payload=OldSnapshot(facility_id="f-6", name="长青颐养院", area_code=COMMUNITY, status="operating"))
    consumer.drain(session)

    row = session.get(RectificationFacility, "f-6")
    assert row is not None
    assert (row.name, row.licensed_beds, row.residents_count, row.latitude) == ("长青颐养院", 80, 12, 47.35)


def test_the_latest_classification_is_kept(session: Session) -> None:
    consumer = consumers()[0]
    register(session, "f-7", "康宁院")
    classify(session, "f-7", "pass", campaign_id="c-2", decided_at=datetime(2026, 4, 1, tzinfo=UTC))
    # Decided earlier in another campaign, announced later: it does not overwrite the newer decision.
    classify(session, "f-7", "suspend", campaign_id="c-1", decided_at=datetime(2026, 3, 1, tzinfo=UTC))
    consumer.drain(session)
    row = session.get(RectificationFacility, "f-7")
    assert row is not None and (row.classification, row.classified_campaign_id) == ("pass", "c-2")

    classify(session, "f-7", "shutdown", campaign_id="c-3", decided_at=datetime(2026, 5, 1, tzinfo=UTC))
    consumer.drain(session)
    assert (row.classification, row.classified_campaign_id) == ("shutdown", "c-3")


def test_a_classification_for_an_unknown_facility_is_consumed_without_a_row(session: Session) -> None:
    consumer = consumers()[0]
    classify(session, "f-unknown", "pass")
    assert consumer.drain(session) == 1
    assert session.get(RectificationFacility, "f-unknown") is None


def test_the_plans_consumer_is_registered() -> None:
    names = [consumer.name for consumer in consumers()]
    assert "rectification.plans" in names
    plans = next(consumer for consumer in consumers() if consumer.name == "rectification.plans")
    assert {"facility.classified", "resident.relocated", "facility.status_changed"} <= set(plans.handlers)
