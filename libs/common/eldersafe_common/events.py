"""The shared event table: publishing in the caller's transaction, and idempotent consumers.

* ``publish()`` adds an event to the caller's session, so the state change and its event commit together
  (the transactional outbox; here the outbox *is* the event log).
* A :class:`Consumer` handles each event once: the handler's work and a consumption row
  ``(consumer, event_id)`` commit in one transaction, and the primary key refuses a second one.
* Events are taken in id order, and a subject whose event failed is held back for that round so that
  per-subject order survives retries.
* No event that commits late is skipped: the consumer never tracks "last id seen". It selects every
  unconsumed event above a *watermark*, and the watermark only passes ids recorded longer than
  ``grace`` ago, so a transaction still open with a lower id (PostgreSQL sequences hand ids out before
  commit) is still picked up when it commits. Transactions must stay shorter than ``grace``.
"""

from __future__ import annotations

import builtins
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import JSON, BigInteger, Column, Index, Integer, func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import registry
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Field, Session, SQLModel, col, select

from . import clock
from .clock import wall_now
from .db import UtcDateTime, transaction
from .faults import crash_point

log = logging.getLogger("eldersafe.events")

events_registry = registry()


class EventsBase(SQLModel, registry=events_registry):
    pass


class EventRecord(EventsBase, table=True):
    """One domain event; the only table every service shares."""

    __tablename__ = "event"
    __table_args__ = (Index("ix_event_subject_id", "subject", "id"), Index("ix_event_type_id", "type", "id"))

    # SQLite autoincrements only an INTEGER PRIMARY KEY, so BIGINT is PostgreSQL-only.
    id: int | None = Field(
        default=None,
        sa_column=Column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    )
    type: str = Field(max_length=80)
    version: int = 1
    subject: str = Field(max_length=120)
    producer: str = Field(max_length=40)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    occurred_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False, index=True))
    request_id: str | None = Field(default=None, max_length=64)


class EventConsumption(EventsBase, table=True):
    """Proof that ``consumer`` handled ``event_id``; written in the handler's transaction."""

    __tablename__ = "event_consumption"

    consumer: str = Field(primary_key=True, max_length=80)
    event_id: int = Field(sa_column=Column(BigInteger, primary_key=True))
    consumed_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class EventCursor(EventsBase, table=True):
    """Per consumer: every event with ``id <= watermark`` is handled (or was never committed)."""

    __tablename__ = "event_cursor"

    consumer: str = Field(primary_key=True, max_length=80)
    watermark: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


P = TypeVar("P", bound=BaseModel)


class EventType(Generic[P]):
    """A named, versioned event with its payload model, e.g. ``facility.registered`` v1."""

    def __init__(self, name: str, version: int, payload: type[P]):
        self.name = name
        self.version = version
        self.payload = payload

    def __repr__(self) -> str:
        return f"EventType({self.name!r}, v{self.version})"


def publish(
    session: Session,
    event_type: EventType[P],
    *,
    subject: str,
    payload: P,
    producer: str,
    request_id: str | None = None,
) -> EventRecord:
    """Add an event to the caller's transaction; it becomes visible when the caller commits."""
    if not isinstance(payload, event_type.payload):
        raise TypeError(f"{event_type!r} expects {event_type.payload.__name__}")
    record = EventRecord(
        type=event_type.name,
        version=event_type.version,
        subject=subject,
        producer=producer,
        payload=payload.model_dump(mode="json"),
        # When it happened on the business clock; when it was written on the real one (the consumers' grace
        # compares recorded_at with the real time, so moving the demo's clock never hides a late commit).
        occurred_at=clock.now(),
        recorded_at=clock.wall_now(),
        request_id=request_id,
    )
    session.add(record)
    session.flush()
    return record


@dataclass(frozen=True)
class ReceivedEvent:
    """An event as a consumer sees it: plain data, parsed by the consumer's own payload model."""

    id: int
    type: str
    version: int
    subject: str
    producer: str
    payload: dict[str, Any]
    occurred_at: datetime

    def parse(self, model: builtins.type[P]) -> P:
        return model.model_validate(self.payload)

    @classmethod
    def from_record(cls, record: EventRecord) -> ReceivedEvent:
        assert record.id is not None
        return cls(
            id=record.id,
            type=record.type,
            version=record.version,
            subject=record.subject,
            producer=record.producer,
            payload=dict(record.payload),
            occurred_at=record.occurred_at,
        )


Handler = Callable[[Session, ReceivedEvent], None]


class Consumer:
    """Handles events of some types, each exactly once, in id order per subject."""

    default_grace: ClassVar[timedelta] = timedelta(minutes=5)

    def __init__(
        self,
        name: str,
        handlers: dict[str, Handler],
        *,
        batch_size: int = 200,
        grace: timedelta | None = None,
        clock: Callable[[], datetime] = wall_now,
    ):
        self.name = name
        self.handlers = handlers
        self.batch_size = batch_size
        self.grace = grace if grace is not None else self.default_grace
        self.clock = clock

    def _watermark(self, session: Session) -> int:
        cursor = session.get(EventCursor, self.name)
        return cursor.watermark if cursor else 0

    def pending(self, session: Session, watermark: int) -> list[EventRecord]:
        consumed = select(EventConsumption.event_id).where(
            EventConsumption.consumer == self.name, EventConsumption.event_id == EventRecord.id
        )
        stmt = (
            select(EventRecord)
            .where(col(EventRecord.id) > watermark)
            .where(col(EventRecord.type).in_(list(self.handlers)))
            .where(~consumed.exists())
            .order_by(col(EventRecord.id))
            .limit(self.batch_size)
        )
        return list(session.exec(stmt))

    def handle(self, session: Session, event: ReceivedEvent) -> None:
        """Run the handler and record the consumption in the same transaction."""
        self.handlers[event.type](session, event)
        session.add(EventConsumption(consumer=self.name, event_id=event.id, consumed_at=self.clock()))
        session.flush()

    def drain(self, session: Session) -> int:
        """Handle every pending event inside the caller's session (tests and one-shot scripts)."""
        count = 0
        while batch := self.pending(session, self._watermark(session)):
            for record in batch:
                self.handle(session, ReceivedEvent.from_record(record))
                count += 1
        return count

    def run_once(self, engine: Engine) -> int:
        """Handle one batch of pending events, each in its own transaction; return how many were handled."""
        with transaction(engine, readonly=True) as session:
            watermark = self._watermark(session)
            batch = [ReceivedEvent.from_record(record) for record in self.pending(session, watermark)]
        handled = 0
        held: set[str] = set()
        for event in batch:
            if event.subject in held:
                continue
            try:
                with transaction(engine) as session:
                    self.handle(session, event)
                    crash_point(f"{self.name}:before_commit")
                crash_point(f"{self.name}:after_commit")
                handled += 1
            except IntegrityError:
                # Another replica consumed it first; its work stands and ours rolled back.
                log.info("event %s already consumed by %s", event.id, self.name)
            except StaleDataError:
                # A row it changed was edited meanwhile (db.optimistic); rolled back, the next round retries it.
                log.warning("consumer %s: event %s (%s) met a concurrent edit; will retry",
                            self.name, event.id, event.type)
                held.add(event.subject)
            except Exception:
                log.exception("consumer %s failed on event %s (%s); will retry", self.name, event.id, event.type)
                held.add(event.subject)
        self.advance_watermark(engine)
        return handled

    def advance_watermark(self, engine: Engine) -> int:
        """Move the watermark over ids that are handled and old enough that nothing can commit below them."""
        with transaction(engine) as session:
            cursor = session.get(EventCursor, self.name)
            current = cursor.watermark if cursor else 0
            horizon = self.clock() - self.grace
            settled = session.exec(
                select(func.max(EventRecord.id)).where(col(EventRecord.recorded_at) <= horizon)
            ).one()
            if settled is None or settled <= current:
                return current
            consumed = select(EventConsumption.event_id).where(
                EventConsumption.consumer == self.name, EventConsumption.event_id == EventRecord.id
            )
            first_pending = session.exec(
                select(func.min(EventRecord.id))
                .where(col(EventRecord.id) > current)
                .where(col(EventRecord.type).in_(list(self.handlers)))
                .where(~consumed.exists())
            ).one()
            new = settled if first_pending is None else min(settled, first_pending - 1)
            if new > current:
                if cursor is None:
                    cursor = EventCursor(consumer=self.name, watermark=new, updated_at=self.clock())
                else:
                    cursor.watermark = new
                    cursor.updated_at = self.clock()
                session.add(cursor)
            return max(new, current)


def run_consumers(
    engine: Engine,
    consumers: Iterable[Consumer],
    *,
    stop: threading.Event,
    interval: float = 0.25,
) -> None:
    """Poll every consumer until ``stop`` is set; sleep only when a round found nothing."""
    consumers = list(consumers)
    while not stop.is_set():
        busy = False
        for consumer in consumers:
            try:
                busy = consumer.run_once(engine) > 0 or busy
            except Exception:
                log.exception("consumer %s round failed", consumer.name)
        if not busy:
            stop.wait(interval)
