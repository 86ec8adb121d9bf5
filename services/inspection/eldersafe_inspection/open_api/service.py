"""The open API's campaign feed (scope ``campaigns:read``): dates, phase, targets, survey progress per
department and the task force's classification counts, inside the client's area."""

from datetime import datetime

from sqlmodel import Session

from eldersafe_common.auth import Principal
from eldersafe_common.errors import NotFound
from eldersafe_common.sync import page, require_open_reader, window

from ..campaigns import facts
from ..campaigns.models import Campaign
from ..campaigns.service import current_phase, today
from ..classification import service as classification
from ..settings import get_settings
from . import repository
from .schemas import DepartmentProgress, OpenCampaign, OpenCampaignPage, PhaseDates, SurveyProgress

FEED = "inspection.campaigns"
SCOPE = "campaigns:read"
CLASSES = ("shutdown", "suspend", "pass")
SUGGESTED = (*CLASSES, "not_inspected")


def _secret() -> str:
    return get_settings().cursor_secret.get_secret_value()


def _ratio(done: int, total: int) -> float:
    return round(done / total, 4) if total else 0.0


def _open_campaign(session: Session, *, principal: Principal, campaign: Campaign) -> OpenCampaign:
    targets = repository.targets(session, campaign_id=campaign.id, area=principal.area)
    included = [facility_id for facility_id, kept in targets if kept]
    covered = facts.covered_pairs(session, campaign_id=campaign.id)
    departments = [
        DepartmentProgress(department=dept, facilities_total=len(included),
                           facilities_inspected=sum((facility_id, dept) in covered for facility_id in included),
                           progress=0.0)
        for dept in campaign.departments
    ]
    for entry in departments:
        entry.progress = _ratio(entry.facilities_inspected, entry.facilities_total)
    pairs_total = len(included) * len(campaign.departments)
    pairs_done = sum(entry.facilities_inspected for entry in departments)
    decided = repository.decided_classes(session, campaign_id=campaign.id)
    classes = dict.fromkeys((*CLASSES, "undecided"), 0)
    for facility_id in included:
        klass = decided.get(facility_id)
        classes[klass if klass in CLASSES else "undecided"] += 1
    # The staff's rule (classification/service.py): the ledger's current states and the coverage.
    suggested = dict.fromkeys(SUGGESTED, 0)
    for klass, _reasons in classification.suggestions(session, campaign=campaign, facility_ids=included).values():
        if klass in suggested:
            suggested[klass] += 1
    complete = sum(all((facility_id, dept) in covered for dept in campaign.departments) for facility_id in included)
    return OpenCampaign(
        id=campaign.id, name=campaign.name, area_code=campaign.area_code, departments=list(campaign.departments),
        current_phase=current_phase(campaign, on=today()),  # type: ignore[arg-type]
        phases=[PhaseDates(phase="survey", start=campaign.survey_start, end=campaign.survey_end),
                PhaseDates(phase="rectification", start=campaign.rectification_start,
                           end=campaign.rectification_end),
                PhaseDates(phase="review", start=campaign.review_start, end=campaign.review_end)],
        targets_included=len(included), targets_excluded=len(targets) - len(included),
        survey=SurveyProgress(pairs_total=pairs_total, pairs_done=pairs_done,
                              progress=_ratio(pairs_done, pairs_total), departments=departments,
                              facilities_total=len(included), facilities_complete=complete),
        classification=classes, suggested_classification=suggested, deadline_days_major=campaign.deadline_days_major,
        deadline_days_ordinary=campaign.deadline_days_ordinary, created_at=campaign.created_at,
        updated_at=campaign.changed_at or campaign.updated_at,
    )


def list_campaigns(session: Session, *, principal: Principal, limit: int, cursor: str | None,
                   updated_since: datetime | None) -> OpenCampaignPage:
    """Campaigns covering or inside the client's area, in change order, from the cursor (or a time) on."""
    require_open_reader(principal, SCOPE)
    win = window(kind=FEED, cursor=cursor, updated_since=updated_since, limit=limit, filters={}, secret=_secret())
    head_position = repository.head_position(session) if win.since else None  # before the rows: see page()
    rows = repository.feed(session, win, area=principal.area)
    items = [_open_campaign(session, principal=principal, campaign=row) for row in rows[:limit]]
    result = page(rows, items, window=win, kind=FEED, filters={}, secret=_secret(), head_position=head_position)
    return OpenCampaignPage(items=result.items, next_cursor=result.next_cursor, has_more=result.has_more)


def get_campaign(session: Session, *, principal: Principal, campaign_id: str) -> OpenCampaign:
    """One campaign covering or inside the client's area (404 otherwise)."""
    require_open_reader(principal, SCOPE)
    campaign = repository.get_visible(session, campaign_id, area=principal.area)
    if campaign is None:
        raise NotFound("No such campaign.", code="campaign_not_found")
    return _open_campaign(session, principal=principal, campaign=campaign)
