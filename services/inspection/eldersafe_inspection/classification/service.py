"""Classification (work plan 二.二): a class suggested from the findings by rules, decided by the task force."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import FieldError, Invalid, NotFound
from eldersafe_common.events import publish

from ..campaigns import facts
from ..campaigns import service as campaigns
from ..campaigns.facts import FindingFact
from ..open_api import progress as open_api
from . import repository
from .events import FACILITY_CLASSIFIED
from .models import ClassificationRule, FacilityClassification
from .schemas import ClassificationDecision, ClassificationPublic, ClassificationReason, FacilityClassified

# A decision that departs from the suggestion must say why in more than a word or two.
MIN_REASON_WHEN_DIFFERENT = 10


def _open_major(finding: FindingFact) -> bool:
    return finding.severity == "major" and not finding.fixed_on_spot


# Condition codes a rule may name: each picks the findings that meet it (a condition holds if any do).
CONDITIONS: dict[str, Callable[[FindingFact], bool]] = {
    "open_major_unfixable": lambda f: _open_major(f) and not f.criterion_fixable,
    "open_major": _open_major,
    "open_any": lambda f: not f.fixed_on_spot,
}
ALWAYS = "default"

DEFAULT_RULES: tuple[dict[str, object], ...] = (
    {"id": "6f1c0b9e-0003-4c1a-9a01-000000000010", "priority": 10, "condition": "open_major_unfixable",
     "klass": "shutdown", "reason_zh": "存在无法整改的重大事故隐患：{items}",
     "reason_en": "Open major hazard that cannot be rectified: {items}"},
    {"id": "6f1c0b9e-0003-4c1a-9a01-000000000020", "priority": 20, "condition": "open_major",
     "klass": "suspend", "reason_zh": "存在未整改的重大事故隐患：{items}", "reason_en": "Open major hazard: {items}"},
    {"id": "6f1c0b9e-0003-4c1a-9a01-000000000090", "priority": 90, "condition": "default",
     "klass": "pass", "reason_zh": "未发现未整改的重大事故隐患", "reason_en": "No open major hazard found"},
)


def seed_classification_rules(session: Session) -> int:
    """Insert the default rules when the table has none (idempotent; a district's edits are kept)."""
    if repository.all_rules(session):
        return 0
    for rule in DEFAULT_RULES:
        session.add(ClassificationRule.model_validate({**rule, "active": True}))
    session.flush()
    return len(DEFAULT_RULES)


def suggest(rules: Sequence[ClassificationRule], findings: Iterable[FindingFact]) -> tuple[
        str | None, list[ClassificationReason]]:
    """The first rule (by priority) whose condition holds gives the class; its findings are the reasons."""
    findings = list(findings)
    for rule in rules:
        if rule.condition == ALWAYS:
            matched: list[FindingFact] = []
        elif rule.condition in CONDITIONS:
            matched = [f for f in findings if CONDITIONS[rule.condition](f)]
            if not matched:
                continue
        else:
            continue  # an unknown condition never holds (a newer rule for a newer service)
        codes = sorted({f.item_code for f in matched})
        items = "、".join(f"{f.item_code}（{f.description}）" for f in matched)
        return rule.klass, [ClassificationReason(
            condition=rule.condition, text_zh=rule.reason_zh.replace("{items}", items),
            text_en=rule.reason_en.replace("{items}", ", ".join(codes)), item_codes=codes,
        )]
    return None, []


def _rows(session: Session, *, principal: Principal, campaign_id: str,
          facility_id: str | None = None) -> list[ClassificationPublic]:
    campaign = campaigns.visible_campaign(session, principal=principal, campaign_id=campaign_id)
    targets = campaigns.visible_targets(session, principal=principal, campaign=campaign)
    if facility_id is not None:
        targets = [(row, target) for row, target in targets if row.facility_id == facility_id]
    rules = repository.active_rules(session)
    by_facility: dict[str, list[FindingFact]] = {}
    for finding in facts.campaign_findings(session, campaign_id=campaign.id):
        by_facility.setdefault(finding.facility_id, []).append(finding)
    decided = repository.decisions(session, campaign_id=campaign.id)
    result = []
    for row, target in targets:
        suggested, reasons = suggest(rules, by_facility.get(row.facility_id, []))
        decision = decided.get(row.facility_id)
        result.append(ClassificationPublic(
            facility_id=row.facility_id, name=target.name, area_code=target.area_code,
            suggested_class=suggested,  # type: ignore[arg-type]  # rule data holds the three classes
            reasons=reasons,
            decided_class=decision.decided_class if decision else None,  # type: ignore[arg-type]
            decided_by=decision.decided_by if decision else None,
            decided_by_name=decision.decided_by_name if decision else None,
            decision_reason=decision.decision_reason if decision else None,
            decided_at=decision.decided_at if decision else None,
        ))
    return result


def list_classifications(session: Session, *, principal: Principal, campaign_id: str) -> list[ClassificationPublic]:
    """Suggested and decided class of each facility of the campaign inside the caller's area."""
    return _rows(session, principal=principal, campaign_id=campaign_id)


def decide(session: Session, *, principal: Principal, campaign_id: str, facility_id: str,
           data: ClassificationDecision) -> ClassificationPublic:
    """Record the task force's decision (leader or deputy) and publish ``facility.classified``."""
    principal.require(Role.task_force, positions=(Position.leader, Position.deputy))
    rows = _rows(session, principal=principal, campaign_id=campaign_id, facility_id=facility_id)
    if not rows:
        raise NotFound("No such facility in this campaign.", code="facility_not_found")
    (current,) = rows
    if data.klass != current.suggested_class and len(data.reason) < MIN_REASON_WHEN_DIFFERENT:
        raise Invalid("A decision that differs from the suggestion needs a fuller reason.", code="reason_too_short",
                      errors=[FieldError(field="body.reason", reason=(
                          f"at least {MIN_REASON_WHEN_DIFFERENT} characters when the class differs from the "
                          f"suggestion ({current.suggested_class})"))])
    now = clock.now()
    row = repository.get_decision(session, campaign_id=campaign_id, facility_id=facility_id)
    if row is None:
        row = FacilityClassification(id=str(uuid.uuid4()), campaign_id=campaign_id, facility_id=facility_id,
                                     area_code=current.area_code or "", suggested_class="", decided_class="",
                                     decision_reason="", decided_by="", decided_by_name="", decided_at=now)
    row.suggested_class = current.suggested_class or ""
    row.decided_class = data.klass
    row.decision_reason = data.reason
    row.decided_by = principal.subject
    row.decided_by_name = principal.name
    row.decided_at = now
    session.add(row)
    session.flush()
    publish(session, FACILITY_CLASSIFIED, subject=f"facility:{facility_id}", producer="inspection",
            payload=FacilityClassified(
                campaign_id=campaign_id, facility_id=facility_id, area_code=row.area_code, klass=data.klass,
                suggested_class=current.suggested_class, reason=data.reason, decided_by=principal.subject,
                decided_at=now,
            ))
    open_api.campaign_progressed(session, campaign_id=campaign_id)
    return current.model_copy(update={
        "decided_class": row.decided_class, "decided_by": row.decided_by, "decided_by_name": row.decided_by_name,
        "decision_reason": row.decision_reason, "decided_at": row.decided_at,
    })
