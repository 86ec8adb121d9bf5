"""Builders for checklist tests."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_inspection.checklists.models import MajorHazardCriterion

BASE = "/api/inspection"


def item(code: str, **extra: Any) -> dict[str, Any]:
    """A valid pass/fail item; ``extra`` overrides fields."""
    return {"code": code, "text_zh": f"检查项 {code}", "text_en": f"Item {code}", "category": "fire",
            "basis": "GB 38600-2019 第4章", "answer_type": "pass_fail", **extra}


def add_criterion(session: Session, code: str = "MZ-2023-4.3", *, active: bool = True,
                  fixable: bool = True) -> MajorHazardCriterion:
    criterion = MajorHazardCriterion(
        id=str(uuid.uuid4()), code=code, clause="《养老机构重大事故隐患判定标准》第四条第（三）项",
        category="building_equipment", text_zh="易燃彩钢板", text_en="Flammable sandwich panels",
        lead_departments=["fire"], fixable=fixable, active=active, updated_at=clock.now())
    session.add(criterion)
    # Commit (a savepoint under the test's outer transaction) so that a refused request, which rolls back
    # the request's work, does not take the criterion with it.
    session.commit()
    return criterion
