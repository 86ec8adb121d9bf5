"""``python -m eldersafe_inspection.seed``: criteria and starter checklists, idempotent, refused in production; the
demo tip's fixed receipt, development only."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from eldersafe_inspection import seed as seed_module
from eldersafe_inspection.checklists import service
from eldersafe_inspection.checklists.models import Checklist, ChecklistItem, ChecklistVersion, MajorHazardCriterion
from eldersafe_inspection.seed import seed
from tests.services.inspection.tipoffs.tips.public_support import TIPS, add_target, submit

DEPARTMENTS = ("civil_affairs", "fire", "emergency", "police", "health", "housing", "market")


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_seed_adds_criteria_and_one_published_checklist_per_department_once(session: Session) -> None:
    first = seed(session)
    assert (first.criteria, first.checklists) == (7, 7)
    assert first.items == count(session, ChecklistItem) >= 8 + 6 * 5

    for department in DEPARTMENTS:
        version = service.current_version_for(session, department=department)
        assert version is not None, department
        checklist = session.get(Checklist, version.checklist_id)
        assert checklist is not None and checklist.code == f"{department.upper()}-BASE"
        assert (version.version, version.published_by) == (1, "system")
        items = service.version_items(session, version_id=version.id)
        assert len(items) >= (8 if department == "fire" else 5), department
        for item in items:
            assert item.basis.strip(), item.code
            assert item.text_zh and item.text_en, item.code
            if item.major_hazard:
                assert item.criterion_code is not None, item.code
                criterion = service.criterion_by_code(session, code=item.criterion_code)
                assert criterion is not None and criterion.active, item.code

    fire = service.current_version_for(session, department="fire")
    assert fire is not None
    lane = [i for i in service.version_items(session, version_id=fire.id) if i.answer_type == "number"]
    assert any(i.number_min == 4.0 and i.unit == "m" for i in lane)

    criteria = {c.code: c for c in session.exec(select(MajorHazardCriterion))}
    assert criteria["MZ-2023-4.1"].fixable is False
    assert criteria["MZ-2023-4.1"].lead_departments == ["housing"]
    assert [code for code, c in criteria.items() if not c.fixable] == ["MZ-2023-4.1"]
    assert set(criteria["MZ-2023-4.2"].lead_departments) == {"housing", "fire"}
    assert all(c.clause.startswith("《养老机构重大事故隐患判定标准》") for c in criteria.values())

    counts = (count(session, MajorHazardCriterion), count(session, Checklist), count(session, ChecklistVersion),
              count(session, ChecklistItem))
    second = seed(session)
    assert (second.criteria, second.checklists, second.items) == (0, 0, 0)
    assert counts == (count(session, MajorHazardCriterion), count(session, Checklist),
                      count(session, ChecklistVersion), count(session, ChecklistItem))


def test_seed_leaves_a_departments_edits_alone(session: Session) -> None:
    seed(session)
    criterion = service.criterion_by_code(session, code="MZ-2023-4.3")
    assert criterion is not None
    criterion.text_en = "Edited locally"
    session.add(criterion)
    session.flush()
    seed(session)
    session.refresh(criterion)
    assert criterion.text_en == "Edited locally"


def test_seed_is_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seed_module, "get_settings", lambda: SimpleNamespace(environment="production"))
    with pytest.raises(SystemExit) as stopped:
        seed_module.main()
    assert stopped.value.code == 2


DEMO_RECEIPT = "2026 1207 0000 0001"


def test_a_demo_tip_can_be_given_a_fixed_receipt_once(session: Session, client: TestClient) -> None:
    facility = add_target(session)
    first = submit(client, facility_id=facility).json()
    other = submit(client, facility_id=facility, description="另一条举报：夜间无人值守，老人摔倒无人发现。").json()
    assert seed_module.give_demo_receipt(session, number=first["number"], receipt=DEMO_RECEIPT) is True
    # The fixed receipt opens the tip; the random one it was given no longer does.
    opened = client.post(f"{TIPS}/status", json={"receipt": DEMO_RECEIPT})
    assert opened.status_code == 200 and opened.json()["number"] == first["number"]
    assert client.post(f"{TIPS}/status", json={"receipt": first["receipt"]}).status_code == 404
    # Again for the same tip: nothing to do; for another tip: refused (a receipt leads to one tip).
    assert seed_module.give_demo_receipt(session, number=first["number"], receipt=DEMO_RECEIPT) is False
    with pytest.raises(ValueError, match=first["number"]):
        seed_module.give_demo_receipt(session, number=other["number"], receipt=DEMO_RECEIPT)
    with pytest.raises(ValueError):
        seed_module.give_demo_receipt(session, number="JB-1999-000001", receipt="2026 1207 0000 0002")


def test_a_fixed_receipt_is_refused_in_production(monkeypatch: pytest.MonkeyPatch, session: Session) -> None:
    monkeypatch.setattr(seed_module, "get_settings", lambda: SimpleNamespace(environment="production"))
    with pytest.raises(RuntimeError):
        seed_module.give_demo_receipt(session, number="JB-2026-000001", receipt=DEMO_RECEIPT)
