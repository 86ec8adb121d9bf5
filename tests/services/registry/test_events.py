"""A facility change and its event commit or roll back together (the event log is the outbox)."""

from sqlmodel import Session

from eldersafe_registry.facilities import service
from eldersafe_registry.facilities.schemas import FacilityCreate, StatusChange
from eldersafe_registry.models import Facility
from eldersafe_registry.seed import SEED_PRINCIPAL
from tests.services.registry.helpers import World, approve_plan, events, facility_body, vacate


def test_a_rolled_back_registration_leaves_no_event(session: Session, world: World) -> None:
    before = len(events(session))
    facility = service.register(session, data=FacilityCreate.model_validate(facility_body()),
                                principal=SEED_PRINCIPAL)
    assert len(events(session)) == before + 1
    session.rollback()
    assert session.get(Facility, facility.id) is None
    assert len(events(session)) == before


def test_status_change_and_event_share_the_transaction(session: Session, world: World) -> None:
    approve_plan(session, world.sibling, "suspend")
    vacate(session, world.sibling)
    session.commit()
    before = len(events(session))
    service.change_status(session, principal=SEED_PRINCIPAL, facility_id=world.sibling.id,
                          data=StatusChange(status="suspended", reason="整顿"))
    (event,) = events(session)[before:]
    assert event.type == "facility.status_changed" and event.subject == f"facility:{world.sibling.id}"
    session.rollback()
    assert session.get(Facility, world.sibling.id).status == "operating"  # type: ignore[union-attr]
    assert len(events(session)) == before
