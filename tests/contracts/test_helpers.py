"""The contract test's helpers on small models and handlers written for the purpose: the samples reach both ends
of what a producer may write, the handler reading finds the models a handler passes its event on to, and the table
reader names every event of a row."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlmodel import Session

from eldersafe_common.events import ReceivedEvent
from tests.contracts import catalog, samples
from tests.contracts.test_events import events_table


class Inspector(BaseModel):
    subject: str
    name: str | None


class Produced(BaseModel):
    hazard_id: str
    responsible_name: str | None
    photo_ids: list[str]
    inspector: Inspector
    note: str | None = None


class Reader(BaseModel):
    model_config = ConfigDict(extra="ignore")

    hazard_id: str
    responsible_name: str  # stricter than the producer: it may write None


class NoteReader(BaseModel):
    model_config = ConfigDict(extra="ignore")

    hazard_id: str
    note: str | None = None


def test_the_fullest_sample_sets_every_field_and_the_sparsest_only_the_required_ones() -> None:
    assert samples.fullest(Produced) == {
        "hazard_id": "hazard_id-1", "responsible_name": "responsible_name-1", "photo_ids": ["photo_ids-1"],
        "inspector": {"subject": "subject-1", "name": "name-1"}, "note": "note-1"}
    assert samples.sparsest(Produced) == {
        "hazard_id": "hazard_id-1", "responsible_name": None, "photo_ids": [],
        "inspector": {"subject": "subject-1", "name": None}, "note": None}


def test_a_reader_stricter_than_the_producer_fails_on_the_sparsest_sample() -> None:
    Reader.model_validate(samples.fullest(Produced))
    with pytest.raises(ValidationError, match="responsible_name"):
        Reader.model_validate(samples.sparsest(Produced))


def _parse_note(session: Session, received: ReceivedEvent) -> None:
    received.parse(NoteReader)


def _handler(session: Session, event: ReceivedEvent) -> None:
    event.parse(Reader)
    _parse_note(session, received=event)


def _raw_handler(session: Session, event: ReceivedEvent) -> None:
    print(event.payload.get("area_code"))


def test_the_models_a_handler_parses_are_found_through_the_functions_it_passes_the_event_to() -> None:
    expected: list[type[BaseModel]] = [Reader, NoteReader]
    assert catalog.read_models(_handler, "tests.contracts") == (expected, False)
    assert catalog.read_models(_raw_handler, "tests.contracts") == ([], True)


def test_the_events_table_expands_continued_names_and_keeps_each_producer() -> None:
    text = """# x

## Events

| event | producer | payload (v1) |
|---|---|---|
| `campaign.created` / `.updated` | inspection | `campaign_id` |
| `hazard.escalated` | notification | `hazard_id` |

## Next
| `not.an_event` | nobody | |
"""
    assert events_table(text) == {"campaign.created": ["inspection"], "campaign.updated": ["inspection"],
                                  "hazard.escalated": ["notification"]}
