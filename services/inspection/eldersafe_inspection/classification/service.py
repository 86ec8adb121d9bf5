"""Classification (work plan 二.二): a class suggested by rules from the findings, the ledger's current state of
their hazards and the survey's coverage, decided by the task force."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import FieldError, Invalid, NotFound
from eldersafe_common.events import publish

from ..campaigns import facts, progress
from ..campaigns import service as campaigns
from ..campaigns.facts import FindingFact
from ..campaigns.fields import DEPARTMENT_NAMES_ZH
from ..campaigns.models import Campaign
from . import repository
from .events import FACILITY_CLASSIFIED
from .models import ClassificationRule, FacilityClassification
from .schemas import ClassificationDecision, ClassificationPublic, ClassificationReason, FacilityClassified

# A decision that departs from the suggestion must say why in more than a word or two.
MIN_REASON_WHEN_DIFFERENT = 10


def _open_major(finding: FindingFact) -> bool:
    # Open means the ledger has not closed it: a major hazard accepted, signed off or withdrawn no longer counts,
    # and one the ledger has not taken in yet still does.
    return finding.severity == "major" and not finding.rectified


# Condition codes a rule may name: each picks the findings that meet it (a condition holds if any do).
CONDITIONS: dict[str, Callable[[FindingFact], bool]] = {
    "open_major_unfixable": lambda f: _open_major(f) and not f.criterion_fixable,
    "open_major": _open_major,
    "open_any": lambda f: not f.rectified,
}
# Facility conditions: not_inspected holds while a department of the campaign has not submitted an (official)
# inspection of the facility; default always holds.
NOT_INSPECTED = "not_inspected"
ALWAYS = "default"

DEFAULT_RULES: tuple[dict[str, object], ...] = (
    {"id": "6f1c0b9e-0003-4c1a-9a01-000000000010", "priority": 10, "condition": "open_major_unfixable",
     "klass": "shutdown", "reason_zh": "存在无法整改的重大事故隐患：{items}",
     "reason_en": "Open major hazard that cannot be rectified: {items}"},
    {"id": "6f1c0b9e-0003-4c1a-9a01-000000000020", "priority": 20, "condition": "open_major",
     "klass": "suspend", "reason_zh": "存在未整改的重大事故隐患：{items}", "reason_en": "Open major hazard: {items}"},
    {"id": "6f1c0b9e-0003-4c1a-9a01-000000000080", "priority": 80, "condition": NOT_INSPECTED,
     "klass": "not_inspected", "reason_zh": "尚未完成检查的部门：{departments}",
     "reason_en": "Not yet inspected by: {departments}"},
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


def _missing_reason(rule: ClassificationRule, missing: Sequence[str]) -> ClassificationReason:
    return ClassificationReason(
        condition=rule.condition, item_codes=[], departments=list(missing),
        text_zh=rule.reason_zh.replace("{departments}", "、".join(DEPARTMENT_NAMES_ZH.get(d, d) for d in missing)),
        text_en=rule.reason_en.replace("{departments}", ", ".join(missing)),
    )


def suggest(rules: Sequence[ClassificationRule], findings: Iterable[FindingFact],
            missing_departments: Sequence[str] = ()) -> tuple[str | None, list[ClassificationReason]]:
    """The first rule (by priority) whose condition holds gives the class; its findings are the reasons.

    A hazard found is never hidden behind an unfinished survey: shutdown and suspend come first, and the
    departments still missing are then named as a further reason.
    """
    findings = list(findings)
    missing_rule = next((rule for rule in rules if rule.condition == NOT_INSPECTED), None)
    for rule in rules:
        if rule.condition == NOT_INSPECTED:
            if not missing_departments:
                continue
            return rule.klass, [_missing_reason(rule, missing_departments)]
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
        reasons = [ClassificationReason(
            condition=rule.condition, text_zh=rule.reason_zh.replace("{items}", items),
            text_en=rule.reason_en.replace("{items}", ", ".join(codes)), item_codes=codes,
        )]
        if missing_departments and missing_rule is not None:
            reasons.append(_missing_reason(missing_rule, missing_departments))
        return rule.klass, reasons
    return None, []


def suggestions(session: Session, *, campaign: Campaign, facility_ids: Iterable[str]) -> dict[str, tuple[
        str | None, list[ClassificationReason]]]:
    """The suggested class and its reasons for each facility, from the findings, the ledger and the coverage."""
    rules = repository.active_rules(session)
    by_facility: dict[str, list[FindingFact]] = {}
    for finding in facts.campaign_findings(session, campaign_id=campaign.id):
        by_facility.setdefault(finding.facility_id, []).append(finding)
    covered = facts.covered_pairs(session, campaign_id=campaign.id)
    result = {}
    for facility_id in facility_ids:
        missing = [dept for dept in campaign.departments if (facility_id, dept) not in covered]
        result[facility_id] = suggest(rules, by_facility.get(facility_id, []), missing)
    return result


def _rows(session: Session, *, principal: Principal, campaign_id: str,
          facility_id: str | None = None) -> list[ClassificationPublic]:
    campaign = campaigns.visible_campaign(session, principal=principal, campaign_id=campaign_id)
    targets = campaigns.visible_targets(session, principal=principal, campaign=campaign)
    if facility_id is not None:
        targets = [(row, target) for row, target in targets if row.facility_id == facility_id]
    suggested = suggestions(session, campaign=campaign, facility_ids=[row.facility_id for row, _ in targets])
    decided = repository.decisions(session, campaign_id=campaign.id)
    result = []
    for row, target in targets:
        klass, reasons = suggested[row.facility_id]
        decision = decided.get(row.facility_id)
        result.append(ClassificationPublic(
            facility_id=row.facility_id, name=target.name, area_code=target.area_code,
            suggested_class=klass,  # type: ignore[arg-type]  # rule data holds the four suggestions
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
    progress.campaign_progressed(session, campaign_id=campaign_id)
    return current.model_copy(update={
        "decided_class": row.decided_class, "decided_by": row.decided_by, "decided_by_name": row.decided_by_name,
        "decision_reason": row.decision_reason, "decided_at": row.decided_at,
    })
