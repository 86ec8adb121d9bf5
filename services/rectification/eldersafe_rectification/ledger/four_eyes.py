"""Four eyes (work plan 二.三, P7): whoever rectified a hazard may not accept it, and whoever accepted or
rectified it may not sign it off.

"Rectified" means any part of the submission under review: uploading any of its evidence or pressing submit,
whoever pressed it last. The round starts at the hazard's intake or its latest reopening (a relapse is a new
rectification, judged afresh); acceptances count from the latest submission.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from eldersafe_common.auth import Principal
from eldersafe_common.errors import Forbidden

from . import repository
from .models import Hazard, HazardHistory

RECTIFYING = ("evidence_uploaded", "submitted")
ACCEPTING = ("accepted", "accepted_by_department")


@dataclass(frozen=True)
class Participants:
    rectifiers: frozenset[str]
    acceptors: frozenset[str]


def _last_index(rows: list[HazardHistory], action: str) -> int:
    """The position of the latest entry with ``action`` (-1 when there is none)."""
    return max((index for index, row in enumerate(rows) if row.action == action), default=-1)


def participants(session: Session, hazard: Hazard) -> Participants:
    """Who uploaded evidence or submitted in this round, and who accepted since its latest submission."""
    history = repository.history(session, hazard.id)
    reopened = _last_index(history, "reopened")
    current = history[reopened + 1:]
    since = history[reopened].at if reopened >= 0 else None
    rectifiers = {row.actor_subject for row in current if row.action in RECTIFYING}
    # The evidence rows themselves too: they name their uploader whatever the history says.
    rectifiers |= {row.uploaded_by for row in repository.evidence(session, hazard.id)
                   if since is None or row.uploaded_at >= since}
    rectifiers.add(hazard.submitted_by)
    reviewed = current[_last_index(current, "submitted") + 1:]
    acceptors = {row.actor_subject for row in reviewed if row.action in ACCEPTING}
    acceptors.add(hazard.accepted_by)
    return Participants(rectifiers=frozenset(s for s in rectifiers if s),
                        acceptors=frozenset(s for s in acceptors if s))


def check_acceptor(session: Session, principal: Principal, hazard: Hazard) -> None:
    """403 ``acceptance_by_submitter`` for anyone who took part in the rectification under review."""
    if principal.subject in participants(session, hazard).rectifiers:
        raise Forbidden("Whoever uploaded evidence for or submitted the rectification may not accept it.",
                        code="acceptance_by_submitter")


def check_signer(session: Session, principal: Principal, hazard: Hazard) -> None:
    """403 for whoever rectified (``sign_off_by_rectifier``) or accepted (``sign_off_by_acceptor``) the hazard."""
    people = participants(session, hazard)
    if principal.subject in people.acceptors:
        raise Forbidden("Whoever accepted the rectification may not also sign the hazard off.",
                        code="sign_off_by_acceptor")
    if principal.subject in people.rectifiers:
        raise Forbidden("Whoever uploaded evidence for or submitted the rectification may not sign it off.",
                        code="sign_off_by_rectifier")
