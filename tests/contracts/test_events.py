"""Event contracts: every event a consumer waits for has one producer, every consumer's model reads what that
producer writes, and ARCHITECTURE.md's events table names each event's owner.

Samples come from the producers' payload models (``samples.py``), not from events captured by running flows: a
captured event shows only the branch a flow took (a ``None`` the producer may write shows up only if some test
happens to write it), and capturing means running the services; the models are what the producers validate every
payload against before it is written, so a sample built from them covers what can be written and needs nothing
running.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from pydantic import BaseModel, ValidationError

from tests.contracts import catalog, samples

PRODUCED, UNUSED = catalog.produced()
SUBSCRIPTIONS = catalog.subscriptions()
OWNERS: dict[str, set[str]] = defaultdict(set)
for _event in PRODUCED:
    OWNERS[_event.name].add(_event.service)
PAYLOADS = {event.name: event.payload for event in PRODUCED}

# Handlers that pass the payload on without reading it through a model, with what they read of it and why.
FORWARDERS = {
    # The city platform's webhooks get the payload verbatim (their contract is the producer's model, published in
    # the open API's documentation); the forwarder itself reads only the area, to route the delivery's logs.
    "notification.webhooks": {"area_code": str},
}


def test_every_declared_event_type_is_used() -> None:
    assert UNUSED == []


def test_each_event_type_has_exactly_one_producing_service() -> None:
    shared = {name: sorted(services) for name, services in OWNERS.items() if len(services) > 1}
    assert shared == {}, "an event is owned by one service; give the other its own name"


@pytest.mark.parametrize("subscription", SUBSCRIPTIONS, ids=lambda s: f"{s.consumer}:{s.event_type}")
def test_every_consumed_event_has_a_producer(subscription: catalog.Subscription) -> None:
    assert subscription.event_type in OWNERS, (
        f"{subscription.consumer} ({subscription.handler}) waits for {subscription.event_type}, "
        "which no service publishes")


@pytest.mark.parametrize("subscription", SUBSCRIPTIONS, ids=lambda s: f"{s.consumer}:{s.event_type}")
def test_every_handler_reads_the_payload_through_a_model(subscription: catalog.Subscription) -> None:
    """A handler parses with its own tolerant model; only a named forwarder reads the raw payload."""
    if subscription.consumer in FORWARDERS:
        assert subscription.models == []
        return
    assert not subscription.reads_raw_payload, f"{subscription.handler} reads event.payload without a model"
    assert subscription.models, f"{subscription.handler} parses {subscription.event_type} with no model found"


def _cases() -> list[tuple[str, str, type[BaseModel], str]]:
    cases = []
    for subscription in SUBSCRIPTIONS:
        for model in subscription.models:
            for shape in ("fullest", "sparsest"):
                cases.append((subscription.event_type, subscription.consumer, model, shape))
    return cases


@pytest.mark.parametrize(("event_type", "consumer", "model", "shape"), _cases(),
                         ids=lambda value: value.__name__ if isinstance(value, type) else str(value))
def test_every_consumer_model_reads_what_the_producer_writes(event_type: str, consumer: str,
                                                             model: type[BaseModel], shape: str) -> None:
    produced = PAYLOADS.get(event_type)
    if produced is None:
        pytest.fail(f"{event_type} has no producer (see test_every_consumed_event_has_a_producer)")
    payload = getattr(samples, shape)(produced)
    try:
        model.model_validate(payload)
    except ValidationError as error:
        pytest.fail(f"{consumer} cannot read {event_type} as {produced.__module__}.{produced.__name__} writes it "
                    f"({shape}): {model.__module__}.{model.__name__}: {error}")


@pytest.mark.parametrize(("consumer", "event_type"),
                         sorted({(s.consumer, s.event_type) for s in SUBSCRIPTIONS if s.consumer in FORWARDERS}))
def test_what_a_forwarder_reads_is_always_written(consumer: str, event_type: str) -> None:
    produced = PAYLOADS[event_type]
    for field, kind in FORWARDERS[consumer].items():
        for payload in (samples.fullest(produced), samples.sparsest(produced)):
            assert isinstance(payload.get(field), kind), f"{event_type} does not always carry {field}"


def events_table(text: str) -> dict[str, list[str]]:
    """ARCHITECTURE.md's events table: each event name (``/ .updated`` continues the aggregate) → producer."""
    section = text.split("\n## Events\n", 1)[1].split("\n## ", 1)[0]
    table: dict[str, list[str]] = defaultdict(list)
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or cells[0] in ("event", "") or set(cells[0]) <= {"-"}:
            continue
        aggregate = ""
        for name in re.findall(r"`([a-z_.]+)`", cells[0]):
            if name.startswith("."):
                name = aggregate + name
            aggregate = name.split(".")[0]
            table[name].append(cells[1])
    return table


def test_the_events_table_names_every_event_and_its_owner() -> None:
    table = events_table((catalog.ROOT / "ARCHITECTURE.md").read_text())
    written = {name: [service] for name, services in OWNERS.items() for service in sorted(services)}
    assert dict(table) == written
