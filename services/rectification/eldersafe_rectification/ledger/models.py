"""Ledger tables: hazards, their history, evidence and deadline extensions (the days come from the campaign)."""

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, String, text
from sqlmodel import Field

from eldersafe_common.db import UtcDateTime, optimistic, version_column

from ..base import RectificationBase

# The database checks the version on every UPDATE (eldersafe_common.db.optimistic).
_HAZARD_VERSION = version_column()


class Hazard(RectificationBase, table=True):
    """One ledger entry: one hazard found by an inspection, whoever answers for it, and how far it got."""

    __tablename__ = "hazard"
    __mapper_args__: ClassVar[dict[str, Any]] = optimistic(_HAZARD_VERSION)
    __table_args__ = (
        # 0006: a caller inside one area reads that area's range of this index and tests the other filters on
        # its entries (no row read per non-matching hazard), for the count and the page's sort keys.
        Index("ix_hazard_area_deadline", "area_code", "deadline", "id", "state", "severity", "facility_id",
              "campaign_id", "found_at", "updated_at"),
        # 0006: a deadline range's page sorts its matches' keys on this index alone (any order, common filters).
        Index("ix_hazard_deadline", "deadline", "id", "found_at", "updated_at", "state", "severity", "area_code"),
        # 0006: a found_at/updated_at page walks one of these in order; the columns after id let the common
        # filters skip non-matching entries without reading the row (the walk may pass many: found_at follows
        # the deadline, so "overdue" matches only from some point on).
        Index("ix_hazard_found_at", "found_at", "id", "state", "deadline", "severity", "area_code"),
        Index("ix_hazard_updated_at", "updated_at", "id", "state", "deadline", "severity", "area_code"),
        Index("ix_hazard_state_deadline", "state", "deadline"),
        Index("ix_hazard_campaign_deadline", "campaign_id", "deadline"),
        Index("ix_hazard_facility_item", "facility_id", "item_code"),
        Index("ix_hazard_severity_deadline", "severity", "deadline"),
        # 0004_ledger_indexes: the ledger page's common filters, each with the default sort.
        Index("ix_hazard_facility_deadline", "facility_id", "deadline"),
        Index("ix_hazard_campaign_state_deadline", "campaign_id", "state", "deadline"),
        # 0010_open_api: the open API's facility feed finds each facility's latest change on this index. Partial
        # on a condition every row meets, so that only a query naming change_seq may use it (SQLite and PostgreSQL
        # both infer "IS NOT NULL" from a comparison): the ledger's plans keep their indexes (bench/ledger).
        Index("ix_hazard_facility_change_seq", "facility_id", "change_seq", "area_code",
              sqlite_where=text("change_seq IS NOT NULL"), postgresql_where=text("change_seq IS NOT NULL")),
    )

    id: str = Field(primary_key=True, max_length=36)
    hazard_key: str = Field(max_length=200, unique=True)
    last_relapse_key: str | None = Field(default=None, max_length=200, index=True)
    inspection_id: str = Field(max_length=36)
    campaign_id: str = Field(max_length=36)
    facility_id: str = Field(max_length=36)
    facility_name: str | None = Field(default=None, max_length=200)
    area_code: str = Field(max_length=32)
    departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    item_code: str = Field(max_length=64)
    item_text: str = Field(max_length=1000)
    basis: str = Field(max_length=1000)
    category: str = Field(max_length=64)
    severity: str = Field(max_length=16)
    criterion_code: str | None = Field(default=None, max_length=64)
    description: str = Field(max_length=4000)
    photo_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    measures: str | None = Field(default=None, max_length=4000)
    responsible_name: str | None = Field(default=None, max_length=100)
    responsible_phone: str | None = Field(default=None, max_length=20)
    supervisor_subject: str | None = Field(default=None, max_length=64)
    supervisor_name: str | None = Field(default=None, max_length=100)
    checker_name: str | None = Field(default=None, max_length=100)
    rectification_watcher_name: str | None = Field(default=None, max_length=100)
    acceptance_watcher_name: str | None = Field(default=None, max_length=100)
    deadline: date
    state: str = Field(default="open", max_length=16)
    rejection_reason: str | None = Field(default=None, max_length=4000)
    accepted_departments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    relapse: bool = False
    reopened_count: int = 0
    self_check: bool = False
    overdue_notified_deadline: date | None = None
    # 0009: notification's ladder flagged it for a supervision order (hazard.escalated) — shown on the ledger.
    escalated_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    escalated_stage: str | None = Field(default=None, max_length=32)
    found_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    found_by: str | None = Field(default=None, max_length=64)
    found_by_name: str | None = Field(default=None, max_length=100)
    submitted_by: str | None = Field(default=None, max_length=64)
    accepted_by: str | None = Field(default=None, max_length=64)
    signed_off_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    version: int = Field(default=1, sa_column=_HAZARD_VERSION)
    # 0010_open_api: stamped in the writing transaction, in commit order, on every write (open_api/stamping.py),
    # so the open API's cursor-synced feed misses no change and repeats none.
    change_seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, server_default="0", index=True))


class HazardDepartment(RectificationBase, table=True):
    """One department a hazard belongs to (``hazard.departments`` as rows), so the ledger filters it on an index.

    It repeats the hazard's severity and area code, which never change after intake, so the department filter's
    count (and page) with the severity and the caller's area is one index range (0006; measured in bench/ledger).
    """

    __tablename__ = "hazard_department"
    __table_args__ = (Index("ix_hazard_department_filter", "department", "severity", "area_code", "hazard_id"),)

    hazard_id: str = Field(sa_column=Column(String(36), ForeignKey("hazard.id", ondelete="CASCADE"),
                                            primary_key=True))
    department: str = Field(primary_key=True, max_length=32)
    severity: str = Field(max_length=16)
    area_code: str = Field(max_length=32)


class HazardHistory(RectificationBase, table=True):
    """One change to a hazard: who, when, what, and the state before and after."""

    __tablename__ = "hazard_history"

    id: str = Field(primary_key=True, max_length=36)
    hazard_id: str = Field(sa_column=Column(String(36), ForeignKey("hazard.id"), nullable=False, index=True))
    at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    actor_subject: str | None = Field(default=None, max_length=64)
    actor_name: str | None = Field(default=None, max_length=200)
    action: str = Field(max_length=40)
    from_state: str | None = Field(default=None, max_length=16)
    to_state: str | None = Field(default=None, max_length=16)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class HazardEvidence(RectificationBase, table=True):
    """A file proving the rectification (photo or PDF), stored on disk under the evidence directory."""

    __tablename__ = "hazard_evidence"

    id: str = Field(primary_key=True, max_length=36)
    hazard_id: str = Field(sa_column=Column(String(36), ForeignKey("hazard.id"), nullable=False, index=True))
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=64)
    size: int
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=200)
    note: str | None = Field(default=None, max_length=4000)
    uploaded_by: str = Field(max_length=64)
    uploaded_by_name: str | None = Field(default=None, max_length=200)
    uploaded_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class DeadlineExtension(RectificationBase, table=True):
    """A request to move a hazard's deadline later, decided by the owning department's head."""

    __tablename__ = "deadline_extension"

    id: str = Field(primary_key=True, max_length=36)
    hazard_id: str = Field(sa_column=Column(String(36), ForeignKey("hazard.id"), nullable=False, index=True))
    old_deadline: date
    new_deadline: date
    reason: str = Field(max_length=4000)
    state: str = Field(default="pending", max_length=16)
    requested_by: str = Field(max_length=64)
    requested_by_name: str | None = Field(default=None, max_length=200)
    requested_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    decided_by: str | None = Field(default=None, max_length=64)
    decided_by_name: str | None = Field(default=None, max_length=200)
    decided_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime, nullable=True))
    decision_note: str | None = Field(default=None, max_length=4000)



class HazardTally(RectificationBase, table=True):
    """How many entries sit in each bucket (campaign, area, department mix, state, severity), kept by every ledger
    write in its own transaction (``ledger/tally.py``), so statistics read these rows and never the ledger.

    ``departments`` is the hazard's departments sorted and joined by commas (a joint hazard is one mix): the totals
    count each hazard once, and a department's figures sum the mixes that name it. Rows reaching zero stay.
    """

    __tablename__ = "hazard_tally"

    campaign_id: str = Field(primary_key=True, max_length=36)
    area_code: str = Field(primary_key=True, max_length=32)
    departments: str = Field(primary_key=True, max_length=200)
    state: str = Field(primary_key=True, max_length=16)
    severity: str = Field(primary_key=True, max_length=16)
    hazards: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))


class HazardDueTally(RectificationBase, table=True):
    """The entries not yet rectified (``states.OPEN``) per bucket and deadline: overdue is the sum of the rows whose
    deadline is before today's China date, so it follows the calendar without a write. Rows reaching zero go, so
    the table holds the open entries' distinct (campaign, area, mix, severity, deadline), not the ledger."""

    __tablename__ = "hazard_due_tally"
    __table_args__ = (Index("ix_hazard_due_tally_deadline", "deadline", "campaign_id", "area_code", "departments",
                            "severity", "hazards"),)

    campaign_id: str = Field(primary_key=True, max_length=36)
    area_code: str = Field(primary_key=True, max_length=32)
    departments: str = Field(primary_key=True, max_length=200)
    severity: str = Field(primary_key=True, max_length=16)
    deadline: date = Field(primary_key=True)
    hazards: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
