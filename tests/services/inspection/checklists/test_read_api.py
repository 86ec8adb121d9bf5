"""The read API that the inspections domain imports: current_version_for, version_items, criterion_by_code."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from eldersafe_common.auth import Position, Principal, Role
from eldersafe_inspection.checklists import service
from eldersafe_inspection.checklists.schemas import ChecklistCreate, DraftUpdate, PublishRequest

from .helpers import add_criterion, item

ADMIN = Principal(subject="a", name="admin", role=Role.admin, position=Position.staff, area="999001")


def make(session: Session, department: str, code: str, codes: list[str], *, publish: bool = True) -> str:
    data = ChecklistCreate.model_validate({"department": department, "code": code, "title_zh": code,
                                           "items": [item(c) for c in codes]})
    checklist = service.create_checklist(session, principal=ADMIN, data=data)
    if publish:
        service.publish(session, principal=ADMIN, checklist_id=checklist.id, data=PublishRequest())
    return checklist.id


def republish(session: Session, checklist_id: str, codes: list[str]) -> Any:
    data = DraftUpdate.model_validate({"title_zh": "v-next", "items": [item(c) for c in codes]})
    service.replace_draft(session, principal=ADMIN, checklist_id=checklist_id, data=data)
    return service.publish(session, principal=ADMIN, checklist_id=checklist_id, data=PublishRequest())


def test_no_published_checklist_means_none(session: Session) -> None:
    assert service.current_version_for(session, department="police") is None
    make(session, "police", "POLICE-BASE", ["P-1"], publish=False)
    assert service.current_version_for(session, department="police") is None


def test_the_base_checklist_wins_over_others(session: Session) -> None:
    make(session, "fire", "FIRE-A-EXTRA", ["A-1"])
    base = make(session, "fire", "FIRE-BASE", ["B-1"])
    make(session, "fire", "FIRE-Z", ["Z-1"])
    current = service.current_version_for(session, department="fire")
    assert current is not None and current.checklist_id == base and current.version == 1
    v2 = republish(session, base, ["B-1", "B-2"])
    current = service.current_version_for(session, department="fire")
    assert current is not None and (current.id, current.version) == (v2.id, 2)
    assert service.current_version_for(session, department="civil_affairs") is None


def test_without_a_base_checklist_the_first_by_code_wins(session: Session) -> None:
    make(session, "civil_affairs", "CA-ZETA", ["Z-1"])
    alpha = make(session, "civil_affairs", "CA-ALPHA", ["A-1"])
    current = service.current_version_for(session, department="civil_affairs")
    assert current is not None and current.checklist_id == alpha


def test_version_items_are_in_order_and_frozen(session: Session) -> None:
    checklist_id = make(session, "market", "MARKET-BASE", ["M-3", "M-1", "M-2"])
    v1 = service.current_version_for(session, department="market")
    assert v1 is not None
    before = [(i.code, i.position, i.text_zh) for i in service.version_items(session, version_id=v1.id)]
    assert before == [("M-3", 1, "检查项 M-3"), ("M-1", 2, "检查项 M-1"), ("M-2", 3, "检查项 M-2")]
    republish(session, checklist_id, ["M-9"])
    after = [(i.code, i.position, i.text_zh) for i in service.version_items(session, version_id=v1.id)]
    assert after == before
    assert service.version_items(session, version_id="00000000-0000-4000-8000-000000000000") == []


def test_criterion_by_code(session: Session) -> None:
    add_criterion(session, "MZ-2023-4.1", fixable=False)
    found = service.criterion_by_code(session, code="MZ-2023-4.1")
    assert found is not None and found.fixable is False
    assert service.criterion_by_code(session, code="MZ-2099-1.1") is None
