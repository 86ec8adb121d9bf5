"""``python -m eldersafe_inspection.seed``: the major-hazard criteria and one published starter checklist per
department (idempotent; refused in production).

Criteria are matched by code and checklists by (department, code), so a second run adds nothing and never
overwrites what a department has edited since. Everything is published by ``system``. Run it after the
registry seed (``make run`` and the e2e platform do).

:func:`give_demo_receipt` is the demo campaign's (``deploy/demo/campaign``) one way in that is not an HTTP call:
a receipt is random and shown once, so for the README to list one, this service itself re-keys one demo tip to a
fixed receipt. Development and tests only.
"""

from __future__ import annotations

import logging
import sys
import uuid
from dataclasses import dataclass

from sqlmodel import Session

from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.db import transaction

from .checklists import repository as checklist_repository
from .checklists import service as checklists
from .checklists.schemas import ChecklistCreate, CriterionCreate, PublishRequest
from .checklists.seed_data import CHECKLISTS, CRITERIA
from .deps import get_engine
from .settings import get_settings
from .tipoffs.tips import public_repository as tip_lookup
from .tipoffs.tips import receipts
from .tipoffs.tips import repository as tips

log = logging.getLogger("eldersafe.inspection.seed")

# Stable ids, so that every install (and the demo data of other services) names the same rows.
SEED_NAMESPACE = uuid.UUID("0b6a3f0e-8f0e-4c1e-9a53-2d4f0c6b7e12")
SEED_PRINCIPAL = Principal(subject="system", name="system", role=Role.admin, position=Position.staff, area="")
SEED_NOTE = "初始版本（依据国家标准整理） / Starter version from the national rules"


@dataclass
class SeedReport:
    criteria: int = 0
    checklists: int = 0
    items: int = 0


def seed(session: Session) -> SeedReport:
    """Add whatever criteria and starter checklists are missing; a second run adds nothing."""
    report = SeedReport()
    for raw in CRITERIA:
        if checklist_repository.get_criterion_by_code(session, raw["code"]) is None:
            checklists.create_criterion(session, principal=SEED_PRINCIPAL, data=CriterionCreate.model_validate(raw),
                                        criterion_id=str(uuid.uuid5(SEED_NAMESPACE, f"criterion:{raw['code']}")))
            report.criteria += 1
    for raw in CHECKLISTS:
        existing = checklist_repository.get_checklist_by_code(session, department=raw["department"], code=raw["code"])
        if existing is not None:
            continue
        created = checklists.create_checklist(
            session, principal=SEED_PRINCIPAL, data=ChecklistCreate.model_validate(raw),
            checklist_id=str(uuid.uuid5(SEED_NAMESPACE, f"checklist:{raw['department']}:{raw['code']}")))
        version = checklists.publish(session, principal=SEED_PRINCIPAL, checklist_id=created.id,
                                     data=PublishRequest(note=SEED_NOTE))
        report.checklists += 1
        report.items += len(version.items)
    return report


def give_demo_receipt(session: Session, *, number: str, receipt: str) -> bool:
    """Let the demo tip ``number`` be followed with ``receipt`` (16 digits) instead of its random one; False when
    that receipt already leads to it. Refused in production, and for a receipt that leads to another tip."""
    if get_settings().environment == "production":
        raise RuntimeError("a fixed receipt is for the demo district only")
    digits = receipts.normalise(receipt)
    if digits is None:
        raise ValueError("a receipt is 16 digits")
    hashed = receipts.receipt_hash(digits)
    holder = tip_lookup.by_receipt_hash(session, hashed)
    if holder is not None:
        if holder.number != number:
            raise ValueError(f"the receipt already leads to tip {holder.number}")
        return False
    tip = tips.get_tip_by_number(session, number)
    if tip is None:
        raise ValueError(f"no tip {number}")
    tip.receipt_hash = hashed
    tips.add(session, tip)
    return True


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    if settings.environment == "production":
        log.error("refusing to load starter checklists into production: departments publish their own there")
        sys.exit(2)
    with transaction(get_engine()) as session:
        report = seed(session)
    log.info("seeded %s", report)


if __name__ == "__main__":
    main()
