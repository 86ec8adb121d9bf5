"""The survey report: one set of numbers, as JSON, a workbook and a printable page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal, Role
from eldersafe_common.errors import Forbidden

from ..campaigns import facts
from ..campaigns import service as campaigns
from ..campaigns.facts import FindingFact
from ..campaigns.schemas import CampaignSummary
from ..classification import service as classification
from .schemas import ClassCount, HazardCount, NotCoveredRow, ReportCoverage, SubdistrictRow, SurveyReport

# Suggested classes (not_inspected is a suggestion only: the task force decides one of the other three).
CLASSES = ("shutdown", "suspend", "pass", "not_inspected")
SEVERITIES = ("major", "ordinary")
SUBDISTRICT_DIGITS = 9


def _hazard_counts(findings: Iterable[FindingFact], key: Callable[[FindingFact], str],
                   order: Iterable[str] = ()) -> list[HazardCount]:
    groups: dict[str, list[FindingFact]] = {name: [] for name in order}
    for finding in findings:
        groups.setdefault(key(finding), []).append(finding)
    return [HazardCount(key=name, total=len(rows), major=sum(f.severity == "major" for f in rows),
                        ordinary=sum(f.severity != "major" for f in rows),
                        open=sum(not f.fixed_on_spot for f in rows),
                        unrectified=sum(not f.rectified for f in rows))
            for name, rows in groups.items()]


def survey_report(session: Session, *, principal: Principal, campaign_id: str) -> SurveyReport:
    """The report over the campaign's facilities inside the caller's area (not for facility managers)."""
    if principal.role is Role.facility:
        raise Forbidden("Facility managers do not receive the survey report.", code="role_forbidden")
    campaign = campaigns.visible_campaign(session, principal=principal, campaign_id=campaign_id)
    targets = campaigns.visible_targets(session, principal=principal, campaign=campaign)
    visible = {row.facility_id for row, _ in targets}
    coverage = campaigns.coverage_of(session, campaign=campaign, targets=targets)
    findings = [f for f in facts.campaign_findings(session, campaign_id=campaign.id) if f.facility_id in visible]
    classes = classification.list_classifications(session, principal=principal, campaign_id=campaign.id)

    suggested = Counter(str(row.suggested_class) for row in classes)
    decided = Counter(str(row.decided_class) for row in classes if row.decided_class)
    summary = CampaignSummary(**{
        **{name: getattr(campaign, name) for name in ("id", "name", "area_code", "departments", "survey_start",
                                                       "survey_end", "rectification_start", "rectification_end",
                                                       "review_start", "review_end")},
        "current_phase": campaigns.current_phase(campaign, on=campaigns.today()),
        "facilities_count": len(targets), "survey_progress": coverage.progress,
    })

    def sub(area_code: str | None) -> str:
        return (area_code or "")[:SUBDISTRICT_DIGITS]

    area_of = {row.facility_id: target.area_code for row, target in targets}
    by_sub: dict[str, Counter[str]] = {}
    for item in coverage.facilities:
        entry = by_sub.setdefault(sub(item.area_code), Counter())
        entry["facilities"] += 1
        entry["pairs_total"] += len(campaign.departments)
        entry["pairs_done"] += len(item.departments_done)
        entry["not_inspected"] += bool(item.departments_missing)
    for finding in findings:
        entry = by_sub.setdefault(sub(area_of.get(finding.facility_id)), Counter())
        entry["hazards"] += 1
        entry["major_hazards"] += finding.severity == "major"
    for row in classes:
        entry = by_sub.setdefault(sub(row.area_code), Counter())
        entry[row.decided_class or "undecided"] += 1

    return SurveyReport(
        campaign=summary,
        generated_at=clock.china_now(),
        facilities_total=len(targets),
        facilities_by_class=[ClassCount(klass=name, suggested=suggested[name], decided=decided[name])
                             for name in CLASSES],
        undecided=sum(1 for row in classes if not row.decided_class),
        hazards_total=len(findings),
        hazards_by_department=_hazard_counts(findings, lambda f: f.department, campaign.departments),
        hazards_by_category=sorted(_hazard_counts(findings, lambda f: f.category), key=lambda h: (-h.total, h.key)),
        hazards_by_severity=_hazard_counts(findings, lambda f: f.severity, SEVERITIES),
        coverage=ReportCoverage(
            progress=coverage.progress, pairs_total=coverage.pairs_total, pairs_done=coverage.pairs_done,
            facilities_total=len(coverage.facilities),
            facilities_complete=sum(1 for f in coverage.facilities if not f.departments_missing),
        ),
        by_subdistrict=[SubdistrictRow(
            subdistrict_code=code, facilities=counts["facilities"], pairs_total=counts["pairs_total"],
            pairs_done=counts["pairs_done"], hazards=counts["hazards"], major_hazards=counts["major_hazards"],
            shutdown=counts["shutdown"], suspend=counts["suspend"], passed=counts["pass"],
            undecided=counts["undecided"], not_inspected=counts["not_inspected"],
        ) for code, counts in sorted(by_sub.items())],
        not_covered=[NotCoveredRow(facility_id=f.facility_id, name=f.name, area_code=f.area_code,
                                   departments_missing=f.departments_missing)
                     for f in coverage.facilities if f.departments_missing],
    )
