"""The ledger's state machine as one table: each state, and each action — from which states, to which, by whom.

The service checks every move against it (``require``), the repository's filters take their sets from it (closed,
open, finished), and DESIGN.md shows it (``markdown_table``; a test keeps the two the same). Who each actor is
(the principal and the hazard it must match) is written once in ``access.py``; this module is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from eldersafe_common.errors import Conflict


@dataclass(frozen=True)
class State:
    name: str
    closed: bool  # nothing is overdue, escalated or rectified any more (accepted counts: the work is done)
    finished: bool  # nothing more will happen: a supervision order closes over it, a follow-up may be requested
    label: str  # the screens' word (zh-CN), also the export's


STATE_TABLE: tuple[State, ...] = (
    State("open", closed=False, finished=False, label="待整改"),
    State("in_progress", closed=False, finished=False, label="整改中"),
    State("submitted", closed=False, finished=False, label="待验收"),
    State("accepted", closed=True, finished=False, label="已验收"),
    State("signed_off", closed=True, finished=True, label="已销号"),
    State("withdrawn", closed=True, finished=True, label="已撤销"),
)

STATES: tuple[str, ...] = tuple(state.name for state in STATE_TABLE)
CLOSED: tuple[str, ...] = tuple(state.name for state in STATE_TABLE if state.closed)
# Not yet rectified: overdue once past the deadline, escalated by the ladder, a major one keeps residents away.
OPEN: tuple[str, ...] = tuple(state.name for state in STATE_TABLE if not state.closed)
FINISHED: tuple[str, ...] = tuple(state.name for state in STATE_TABLE if state.finished)
INITIAL = "open"
SIGNED_OFF = "signed_off"
WITHDRAWN = "withdrawn"
LABELS: dict[str, str] = {state.name: state.label for state in STATE_TABLE}


class Actor(StrEnum):
    """Who may take an action; ``access.is_actor`` says what each one means for a principal and a hazard."""

    facility_manager = "facility_manager"  # the manager of the hazard's own facility
    owning_department = "owning_department"  # any position of a department the hazard belongs to
    owning_department_staff = "owning_department_staff"  # its staff or head (who accept)
    owning_department_head = "owning_department_head"
    civil_affairs = "civil_affairs"
    civil_affairs_head = "civil_affairs_head"
    admin = "admin"
    inspection = "inspection"  # an event of the inspection service (hazard.found, finding.withdrawn)
    notification = "notification"  # notification's escalation ladder (hazard.escalated)
    worker = "worker"  # this service's periodic check


class InvalidState(Conflict):
    """409: the action may not start from the hazard's state."""

    code = "invalid_state"


class NotAccepted(Conflict):
    """409: only an accepted hazard can be signed off."""

    code = "not_accepted"


@dataclass(frozen=True)
class Action:
    name: str
    sources: tuple[str, ...]  # the states it may start from
    target: str | None  # the state it moves to; None: the state stays
    actors: tuple[Actor, ...]
    note: str = ""
    refusal: type[Conflict] = InvalidState  # the 409 when it may not start from the state
    refusal_text: str | None = None  # None: "Not possible while the hazard is <state>."


_RECTIFIERS = (Actor.facility_manager, Actor.owning_department)
_NOT_WITHDRAWN = tuple(name for name in STATES if name != WITHDRAWN)

INTAKE = Action("intake", (), INITIAL, (Actor.inspection,), "hazard.found: one entry per hazard_key")
UPDATE = Action("update", ("open", "in_progress", "submitted", "accepted"), None,
                (Actor.owning_department, Actor.civil_affairs, Actor.admin), "people, measures, watchers; version")
START = Action("start", ("open",), "in_progress", _RECTIFIERS)
UPLOAD_EVIDENCE = Action("upload_evidence", ("open", "in_progress"), None, _RECTIFIERS)
SUBMIT = Action("submit", ("in_progress",), "submitted", _RECTIFIERS, "evidence required")
ACCEPT = Action("accept", ("submitted",), "accepted", (Actor.owning_department_staff,),
                "every department of a joint hazard (until then it stays submitted); never a rectifier of the "
                "round")
REJECT = Action("reject", ("submitted",), "in_progress", (Actor.owning_department_staff,),
                "with the reason; never a rectifier of the round")
SIGN_OFF = Action("sign_off", ("accepted",), SIGNED_OFF, (Actor.owning_department_head, Actor.civil_affairs_head),
                  "never an acceptor or a rectifier of the round", refusal=NotAccepted,
                  refusal_text="Only an accepted hazard can be signed off.")
REQUEST_EXTENSION = Action("request_extension", ("open", "in_progress", "submitted"), None, _RECTIFIERS,
                           "a later date, not in the past")
DECIDE_EXTENSION = Action("decide_extension", STATES, None, (Actor.owning_department_head,),
                          "approve or reject a pending request")
REOPEN = Action("reopen", (SIGNED_OFF,), INITIAL, (Actor.inspection,),
                "hazard.found of a follow-up on the same item: a relapse")
WITHDRAW = Action("withdraw", _NOT_WITHDRAWN, WITHDRAWN, (Actor.inspection,),
                  "finding.withdrawn: an amendment passed the item")
ESCALATE = Action("escalate", OPEN, None, (Actor.notification,), "hazard.escalated flags it for supervision")
NOTIFY_OVERDUE = Action("notify_overdue", OPEN, None, (Actor.worker,),
                        "hazard.overdue once per deadline, after it passed")

ACTIONS: tuple[Action, ...] = (INTAKE, UPDATE, START, UPLOAD_EVIDENCE, SUBMIT, ACCEPT, REJECT, SIGN_OFF,
                               REQUEST_EXTENSION, DECIDE_EXTENSION, REOPEN, WITHDRAW, ESCALATE, NOTIFY_OVERDUE)


def allows(action: Action, state: str) -> bool:
    """Whether ``action`` may start from ``state``."""
    return state in action.sources


def require(action: Action, state: str) -> None:
    """409 when ``action`` may not start from ``state``."""
    if not allows(action, state):
        raise action.refusal(action.refusal_text or f"Not possible while the hazard is {state}.")


def move(action: Action, state: str) -> str:
    """The state ``action`` leads to from ``state`` (409 when it may not start there)."""
    require(action, state)
    return action.target or state


def is_overdue(deadline: date, state: str, today: date) -> bool:
    """Past its deadline (China date) and not yet rectified."""
    return deadline < today and state not in CLOSED


def markdown_table() -> str:
    """The two tables DESIGN.md shows (states, then actions), generated from this module."""
    lines = ["| state | label | closed | finished |", "|---|---|---|---|"]
    lines += [f"| `{s.name}` | {s.label} | {'yes' if s.closed else 'no'} | {'yes' if s.finished else 'no'} |"
              for s in STATE_TABLE]
    lines += ["", "| action | from | to | who | note |", "|---|---|---|---|---|"]
    for action in ACTIONS:
        sources = "any" if action.sources == STATES else ", ".join(action.sources) or "—"
        lines.append(f"| `{action.name}` | {sources} | {action.target or '(stays)'} | "
                     f"{', '.join(action.actors)} | {action.note} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m eldersafe_rectification.ledger.states > the tables for DESIGN.md
    print(markdown_table(), end="")
