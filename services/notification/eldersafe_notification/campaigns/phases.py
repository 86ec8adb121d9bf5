"""Phase messages (rule ``campaign.phase``): two days before the survey ends each department head hears which
of the campaign's facilities their department has not inspected yet (stage ``phase_end_2d``); the day after
each phase ends the task-force leader gets the summary (stage ``phase_end``).

State-based: each message is claimed by a ``notification_phase_run`` row for (campaign, phase, stage, end date)
before it is enqueued, in one transaction, so an hourly check that was missed is caught up by the next one,
once, and a second replica finds the row and sends nothing. A reminder after the survey has ended is pointless
and skipped; a summary is still worth sending up to ``SUMMARY_CATCH_UP`` days late.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from eldersafe_common.clock import CHINA

from ..contacts import repository as contacts
from ..contacts.models import NotificationContact
from ..delivery.enqueue import Message, Recipient, enqueue
from . import messages, repository
from .models import NotificationCampaign

log = logging.getLogger("eldersafe.notification.campaigns")
RULE = "campaign.phase"
REMINDER, SUMMARY = "phase_end_2d", "phase_end"
REMIND_DAYS_BEFORE = 2
SUMMARY_CATCH_UP = timedelta(days=7)
PHASES = ("survey", "rectification", "review")
CHANNELS = ("inbox", "email")


@dataclass
class PhaseResult:
    fired: list[tuple[str, str, str]] = field(default_factory=list)  # (campaign id, phase, stage)
    enqueued: int = 0


@dataclass(frozen=True)
class Due:
    phase: str
    stage: str
    end: date


def due_messages(campaign: NotificationCampaign, *, today: date) -> list[Due]:
    """The phase messages whose day has come and that are not stale yet."""
    found: list[Due] = []
    remind_on = max(campaign.survey_end - timedelta(days=REMIND_DAYS_BEFORE), campaign.survey_start)
    if remind_on <= today <= campaign.survey_end:
        found.append(Due("survey", REMINDER, campaign.survey_end))
    for phase in PHASES:
        end: date = getattr(campaign, f"{phase}_end")
        if end + timedelta(days=1) <= today <= end + timedelta(days=1) + SUMMARY_CATCH_UP:
            found.append(Due(phase, SUMMARY, end))
    return found


def check(session: Session, *, now: datetime) -> PhaseResult:
    """Enqueue every phase message due at ``now`` that has not gone out yet."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    today = now.astimezone(CHINA).date()
    result = PhaseResult()
    for campaign in repository.campaigns_ending_since(session, since=today - timedelta(days=1) - SUMMARY_CATCH_UP):
        for due in due_messages(campaign, today=today):
            if not repository.claim_phase_run(session, campaign_id=campaign.id, phase=due.phase, stage=due.stage,
                                              end_date=due.end, now=now):
                continue
            if due.stage == REMINDER:
                enqueued = _remind(session, campaign=campaign, today=today, now=now)
            else:
                enqueued = _summarise(session, campaign=campaign, phase=due.phase, end=due.end, now=now)
            repository.set_phase_enqueued(session, campaign_id=campaign.id, phase=due.phase, stage=due.stage,
                                          end_date=due.end, enqueued=enqueued)
            result.fired.append((campaign.id, due.phase, due.stage))
            result.enqueued += enqueued
    if result.fired:
        log.info("phase check %s: %d messages, %d enqueued", now.isoformat(), len(result.fired), result.enqueued)
    return result


def account(contact: NotificationContact) -> Recipient:
    """The recipient an account is: its inbox, and its email and phone on record."""
    return Recipient(key=f"account:{contact.account_id}"[:200], name=contact.name, phone=contact.phone,
                     email=contact.email)


def _send(session: Session, message: Message, recipients: list[Recipient], now: datetime) -> int:
    return sum(enqueue(session, message=message, recipient=recipient, channel=channel, now=now)
               for recipient in recipients for channel in CHANNELS)


def _subject(campaign: NotificationCampaign, phase: str, end: date) -> str:
    return f"campaign:{campaign.id}:{phase}@{end.isoformat()}"


def _remind(session: Session, *, campaign: NotificationCampaign, today: date, now: datetime) -> int:
    covered = repository.covered_pairs(session, campaign_id=campaign.id)
    names = repository.facility_names(session, campaign.targets)
    enqueued = 0
    for department in campaign.departments:
        missing = sorted(names.get(facility, facility) for facility in campaign.targets
                         if (facility, department) not in covered)
        if not missing:  # every facility inspected: nothing to remind of
            continue
        heads = contacts.holders(session, role=department, position="head", covering=campaign.area_code)
        title, body = messages.phase_reminder(campaign=campaign.name, department=department,
                                              survey_end=campaign.survey_end, today=today, missing=missing)
        message = Message(rule_key=RULE, subject=_subject(campaign, "survey", campaign.survey_end),
                          stage=REMINDER, title=title, body=body, link=f"/campaigns/{campaign.id}",
                          area_code=campaign.area_code)
        enqueued += _send(session, message, [account(head) for head in heads], now)
    return enqueued


def _summarise(session: Session, *, campaign: NotificationCampaign, phase: str, end: date, now: datetime) -> int:
    covered = repository.covered_pairs(session, campaign_id=campaign.id)
    departments = list(dict.fromkeys(campaign.departments))
    targets = campaign.targets
    pairs_done = sum((facility, department) in covered for facility in targets for department in departments)
    fully = sum(all((facility, department) in covered for department in departments) for facility in targets)
    hazards_open, hazards_closed = repository.hazard_states(session, campaign_id=campaign.id)
    title, body = messages.phase_summary(
        campaign=campaign.name, phase=phase, end=end, facilities_covered=fully, facilities_total=len(targets),
        pairs_done=pairs_done, pairs_total=len(targets) * len(departments), hazards_open=hazards_open,
        hazards_closed=hazards_closed)
    message = Message(rule_key=RULE, subject=_subject(campaign, phase, end), stage=SUMMARY, title=title, body=body,
                      link=f"/campaigns/{campaign.id}", area_code=campaign.area_code)
    leaders = contacts.holders(session, role="task_force", position="leader", covering=campaign.area_code)
    return _send(session, message, [account(leader) for leader in leaders], now)
