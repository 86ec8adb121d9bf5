"""Tips as the triage and the tip check leave them, written directly so that each reward test sets up only
the state it needs."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from sqlmodel import Session

from eldersafe_inspection.tipoffs.tips.crypto import encrypt_contact
from eldersafe_inspection.tipoffs.tips.models import Tip, TipHazard
from tests.conftest import COMMUNITY

FACILITY = "0000000a-0000-4000-8000-0000000000a1"
OTHER_FACILITY = "0000000b-0000-4000-8000-0000000000b2"
CONTACT = "13811112222 王先生"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

_numbers = count(1)


def make_tip(session: Session, *, status: str = "verified", department: str | None = "fire",
             facility_id: str | None = FACILITY, contact: str | None = CONTACT, consent: bool = True,
             hazards: tuple[str, ...] = ("major",), created_at: datetime = T0, area_code: str = COMMUNITY,
             **fields: Any) -> Tip:
    """A tip in ``status`` assigned to ``department``, with the reporter's contact and linked hazards."""
    tip_id = str(uuid.uuid4())
    number = f"JB-2026-9{next(_numbers):05d}"
    tip = Tip(
        id=tip_id, number=number, receipt_hash=uuid.uuid4().hex, source="web", category="fire",
        description="走廊堆放杂物，安全出口上锁", facility_id=facility_id,
        facility_name="甲院" if facility_id else None, area_code=area_code, status=status,
        assigned_department=department, contact_ciphertext=encrypt_contact(contact, tip_id=tip_id) if contact else None,
        contact_consent=consent if contact else False, created_at=created_at,
        updated_at=created_at + timedelta(days=3), **fields)
    session.add(tip)
    session.flush()
    for index, severity in enumerate(hazards):
        session.add(TipHazard(tip_id=tip_id, hazard_key=f"{tip_id}-{index}", title="安全出口上锁",
                              severity=severity, linked_at=created_at + timedelta(days=2)))
    # A savepoint of the test's transaction: a refused request rolls back its own work, not this set-up.
    session.commit()
    return tip


def propose_body(**fields: Any) -> dict[str, Any]:
    return {"basis": "major_hazard", "fine_fen": 10_000_000, **fields}
