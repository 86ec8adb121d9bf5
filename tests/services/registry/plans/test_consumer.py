"""The registry keeps every approved plan from rectification's ``plan.approved`` (one per facility and campaign)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from eldersafe_common.events import EventConsumption
from eldersafe_registry import worker
from eldersafe_registry.models import FacilityPlanApproval
from eldersafe_registry.plans.service import current_approval
from tests.services.registry.helpers import World, approve_plan, plans_consumer, publish_plan_approved

APPROVED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def approval(session: Session, facility_id: str) -> FacilityPlanApproval | None:
    """The approval that decides for the facility now."""
    session.expire_all()
    return current_approval(session, facility_id=facility_id)


def test_an_approval_is_kept(session: Session, world: World) -> None:
    plan_id = approve_plan(session, world.own, "shutdown", approved_at=APPROVED_AT)
    row = approval(session, world.own.id)
    assert row is not None
    assert (row.plan_id, row.decision, row.approved_at, row.approved_by_name) == (
        plan_id, "shutdown", APPROVED_AT, "专班组长")
    assert row.campaign_id is not None


def test_each_event_is_applied_once(session: Session, world: World) -> None:
    publish_plan_approved(session, world.own, "suspend", approved_at=APPROVED_AT)
    consumer = plans_consumer()
    assert consumer.drain(session) == 1
    assert consumer.drain(session) == 0
    consumed = session.exec(select(EventConsumption).where(EventConsumption.consumer == "registry.plans")).all()
    assert len(consumed) == 1
    assert len(session.exec(select(FacilityPlanApproval)).all()) == 1


def test_a_redelivered_event_changes_nothing(session: Session, world: World) -> None:
    """A second delivery (another replica, or a replay) upserts the same values."""
    approve_plan(session, world.own, "suspend", approved_at=APPROVED_AT, plan_id="11111111-1111-4111-8111-111111111111")
    first = approval(session, world.own.id)
    assert first is not None
    kept = first.model_dump()
    approve_plan(session, world.own, "suspend", approved_at=APPROVED_AT, plan_id="11111111-1111-4111-8111-111111111111")
    again = approval(session, world.own.id)
    assert again is not None and again.model_dump() == kept


def test_a_later_approval_decides_and_every_plan_is_kept(session: Session, world: World) -> None:
    approve_plan(session, world.own, "suspend", approved_at=APPROVED_AT)
    later = approve_plan(session, world.own, "shutdown", approved_at=APPROVED_AT + timedelta(days=2))
    row = approval(session, world.own.id)
    assert row is not None and (row.plan_id, row.decision) == (later, "shutdown")
    assert len(session.exec(select(FacilityPlanApproval)).all()) == 2  # one row per plan


def test_an_older_approval_delivered_late_is_ignored(session: Session, world: World) -> None:
    newer = approve_plan(session, world.own, "shutdown", approved_at=APPROVED_AT)
    approve_plan(session, world.own, "rectify", approved_at=APPROVED_AT - timedelta(hours=1))
    row = approval(session, world.own.id)
    assert row is not None and (row.plan_id, row.decision) == (newer, "shutdown")


def test_an_approval_without_an_offset_is_read_as_utc(session: Session, world: World) -> None:
    approve_plan(session, world.own, "suspend", approved_at=APPROVED_AT.replace(tzinfo=None))
    row = approval(session, world.own.id)
    assert row is not None and row.approved_at == APPROVED_AT


def test_a_plan_for_an_unknown_facility_is_skipped_not_retried(session: Session, world: World) -> None:
    ghost = world.own.model_copy(update={"id": "00000000-0000-4000-8000-00000000dead"})
    publish_plan_approved(session, ghost, "shutdown")
    assert plans_consumer().drain(session) == 1  # consumed, so the subject is not held back
    assert session.exec(select(FacilityPlanApproval).where(
        col(FacilityPlanApproval.facility_id) == ghost.id)).first() is None


def test_the_worker_runs_the_plans_consumer(monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, list[str]] = {}

    def fake_run_worker(name: str, engine: object, consumers: list, **_: object) -> None:
        started[name] = [consumer.name for consumer in consumers]

    monkeypatch.setattr(worker, "run_worker", fake_run_worker)
    worker.main()
    assert started == {"registry": ["registry.plans", "registry.classification", "registry.campaigns"]}
