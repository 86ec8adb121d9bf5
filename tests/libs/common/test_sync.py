"""The change feed's promises: a stamp on every write, in commit order, and cursors nobody can forge."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import BigInteger, String, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from eldersafe_common import clock
from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.db import UtcDateTime, ensure_schema, make_engine, transaction
from eldersafe_common.errors import Forbidden
from eldersafe_common.sync import (
    InvalidCursor,
    Rfc3339,
    SyncPage,
    decode_cursor,
    encode_cursor,
    head,
    keyset,
    lock_key,
    page,
    require_open_reader,
    stamp_change,
    track_changes,
    window,
)

SECRET = "test-cursor-secret"
KIND = "things"


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "sync_test_thing"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    colour: Mapped[str] = mapped_column(String(20), default="red")
    change_seq: Mapped[int] = mapped_column(BigInteger, default=0, unique=True)
    changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


track_changes(Thing, time_attribute="changed_at")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url, schema="sync_test")
    ensure_schema(engine, "sync_test")
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    yield engine
    Base.metadata.drop_all(engine)
    engine.dispose()


def _seqs(engine: Engine) -> dict[int, int]:
    with transaction(engine, readonly=True) as session:
        return dict(session.execute(select(Thing.id, Thing.change_seq)).all())


def _create(engine: Engine, *names: str) -> None:
    with transaction(engine) as session:
        session.add_all(Thing(id=n, name=name) for n, name in enumerate(names, start=1))


# --- stamping ------------------------------------------------------------------------------------------------


def test_inserts_and_updates_are_stamped_in_order_and_untouched_rows_keep_their_stamp(engine: Engine) -> None:
    _create(engine, "a", "b", "c")
    assert _seqs(engine) == {1: 1, 2: 2, 3: 3}
    with transaction(engine) as session:
        thing = session.get(Thing, 1)
        assert thing is not None and thing.changed_at is not None
        thing.name = "a2"
        session.get(Thing, 2)  # loaded, not changed: no stamp
    assert _seqs(engine) == {1: 4, 2: 2, 3: 3}
    with transaction(engine) as session:
        second = session.get(Thing, 2)
        assert second is not None
        second.colour = "blue"
        session.flush()
        second.name = "b2"  # a later flush in the same transaction moves it again, still forward
    assert _seqs(engine) == {1: 4, 2: 6, 3: 3}


def test_stamp_change_moves_a_row_whose_columns_did_not_change(engine: Engine) -> None:
    _create(engine, "a", "b")
    with transaction(engine) as session:
        thing = session.get(Thing, 1)
        assert thing is not None
        before = thing.changed_at
        stamp_change(session, thing)
        assert thing.change_seq == 3 and thing.changed_at is not None and before is not None
        assert thing.changed_at >= before
    assert _seqs(engine) == {1: 3, 2: 2}


def test_stamp_change_refuses_an_untracked_model() -> None:
    class Other(Base):
        __tablename__ = "sync_test_other"
        id: Mapped[int] = mapped_column(primary_key=True)

    with pytest.raises(TypeError):
        stamp_change(Session(), Other(id=1))
    with pytest.raises(TypeError):
        track_changes(Other)


def test_lock_keys_are_stable_and_differ_per_table() -> None:
    assert lock_key("facility") == lock_key("facility")
    assert lock_key("facility") != lock_key("campaign")
    assert -(2**63) <= lock_key("facility") < 2**63


# --- cursors -------------------------------------------------------------------------------------------------


def test_a_cursor_round_trips_with_its_kind_and_filters() -> None:
    cursor = encode_cursor(KIND, 42, {"status": "operating", "area": None}, SECRET)
    assert decode_cursor(cursor, kind=KIND, filters={"area": None, "status": "operating"}, secret=SECRET) == 42
    assert "=" not in cursor and "/" not in cursor and "+" not in cursor  # safe in a query string as is


@pytest.mark.parametrize("mutate", [
    lambda c: c[:-2] + ("A" if c[-2] != "A" else "B") + c[-1],            # tag altered
    lambda c: ("e" if c[0] != "e" else "f") + c[1:],                       # body altered
    lambda c: encode_cursor(KIND, 42, {"status": "operating"}, "another-secret"),  # forged with a guess
    lambda c: encode_cursor("campaigns", 42, {"status": "operating"}, SECRET),     # another endpoint's
    lambda c: encode_cursor(KIND, 42, {"status": "suspended"}, SECRET),            # other filters
    lambda c: encode_cursor(KIND, -1, {"status": "operating"}, SECRET),            # impossible position
    lambda c: "not-a-cursor",
    lambda c: "",
    lambda c: "a.b.c",
    lambda c: "é.ü",
    lambda c: c + "." + c,
    lambda c: "x" * 5000,
], ids=["tag", "body", "secret", "kind", "filters", "negative", "garbage", "empty", "dots", "non-ascii",
        "doubled", "huge"])
def test_a_tampered_foreign_or_malformed_cursor_is_refused(mutate: object) -> None:
    cursor = encode_cursor(KIND, 42, {"status": "operating"}, SECRET)
    bad = mutate(cursor)  # type: ignore[operator]
    with pytest.raises(InvalidCursor) as caught:
        decode_cursor(bad, kind=KIND, filters={"status": "operating"}, secret=SECRET)
    assert caught.value.status == 400 and caught.value.code == "invalid_cursor"
    assert caught.value.errors[0].field == "query.cursor"


def test_a_cursor_forged_with_a_valid_tag_over_other_json_is_refused() -> None:
    import base64
    import hashlib
    import hmac

    body = base64.urlsafe_b64encode(b'{"k":"things","p":true,"f":{}}').rstrip(b"=").decode()
    tag = base64.urlsafe_b64encode(hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).digest())
    with pytest.raises(InvalidCursor):
        decode_cursor(f"{body}.{tag.rstrip(b'=').decode()}", kind=KIND, filters={}, secret=SECRET)


def test_window_bounds_the_limit_and_needs_an_offset_on_updated_since() -> None:
    for limit in (0, 501):
        with pytest.raises(Exception) as caught:
            window(kind=KIND, cursor=None, updated_since=None, limit=limit, filters={}, secret=SECRET)
        assert getattr(caught.value, "status", None) == 422
    with pytest.raises(Exception) as caught:
        window(kind=KIND, cursor=None, updated_since=datetime(2026, 1, 1), limit=10, filters={}, secret=SECRET)
    assert getattr(caught.value, "status", None) == 422
    cursor = encode_cursor(KIND, 7, {}, SECRET)
    since = datetime(2026, 1, 1, tzinfo=UTC)
    # A cursor supersedes updated_since: the filter only shapes the first page.
    assert window(kind=KIND, cursor=cursor, updated_since=since, limit=10, filters={}, secret=SECRET).since is None


# --- paging --------------------------------------------------------------------------------------------------


def _page(engine: Engine, cursor: str | None, *, limit: int = 2,
          updated_since: datetime | None = None) -> SyncPage[tuple[int, str]]:
    win = window(kind=KIND, cursor=cursor, updated_since=updated_since, limit=limit, filters={}, secret=SECRET)
    with transaction(engine, readonly=True) as session:
        top = head(session, Thing)
        statement = select(Thing)
        if win.since is not None:
            statement = statement.where(Thing.changed_at >= win.since)
        rows = session.execute(keyset(statement, Thing.change_seq, win)).scalars().all()
        return page(rows, [(row.id, row.name) for row in rows], window=win, kind=KIND, filters={},
                    secret=SECRET, head_position=top)


def test_changes_made_while_a_client_pages_are_neither_missed_nor_repeated(engine: Engine) -> None:
    _create(engine, "a", "b", "c", "d", "e")
    first = _page(engine, None)
    assert first.items == [(1, "a"), (2, "b")] and first.has_more
    with transaction(engine) as session:
        for thing_id, name in ((1, "a2"), (4, "d2")):  # one already paged, one not reached yet
            thing = session.get(Thing, thing_id)
            assert thing is not None
            thing.name = name
    seen = list(first.items)
    cursor = first.next_cursor
    while True:
        later = _page(engine, cursor)
        seen += later.items
        cursor = later.next_cursor
        if not later.has_more:
            break
    assert seen == [(1, "a"), (2, "b"), (3, "c"), (5, "e"), (1, "a2"), (4, "d2")]
    empty = _page(engine, cursor)
    assert empty.items == [] and not empty.has_more and empty.next_cursor == cursor  # poll again later
    with transaction(engine) as session:
        session.add(Thing(id=6, name="f"))
    assert _page(engine, cursor).items == [(6, "f")]


def test_updated_since_shapes_the_first_page_and_an_empty_one_still_moves_the_cursor(engine: Engine) -> None:
    _create(engine, "a", "b")
    future = clock.now() + timedelta(days=1)
    empty = _page(engine, None, updated_since=future)
    assert empty.items == [] and not empty.has_more
    assert _page(engine, empty.next_cursor).items == []  # not everything from the beginning
    past = clock.now() - timedelta(days=1)
    assert _page(engine, None, updated_since=past).items == [(1, "a"), (2, "b")]


# --- commit order --------------------------------------------------------------------------------------------


@pytest.mark.postgres_only
def test_a_later_stamp_cannot_commit_before_an_earlier_one(engine: Engine) -> None:
    """Two writers: A stamps first and commits last if it can. B must wait for A's commit to stamp, so a
    reader never sees B's number while A's smaller one is still invisible (and would be skipped)."""
    _create(engine, "a", "b")
    start = _page(engine, None, limit=10).next_cursor
    a_stamped, a_may_commit, b_stamped = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer_a() -> None:
        try:
            with transaction(engine) as session:
                thing = session.get(Thing, 1)
                assert thing is not None
                thing.name = "a2"
                session.flush()
                a_stamped.set()
                a_may_commit.wait(10)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def writer_b() -> None:
        try:
            with transaction(engine) as session:
                thing = session.get(Thing, 2)
                assert thing is not None
                thing.name = "b2"
                session.flush()
                b_stamped.set()
        except BaseException as exc:
            errors.append(exc)

    first = threading.Thread(target=writer_a)
    first.start()
    assert a_stamped.wait(10)
    second = threading.Thread(target=writer_b)
    second.start()
    assert not b_stamped.wait(0.5), "B stamped while A's earlier stamp was uncommitted"
    assert _page(engine, start).items == []
    a_may_commit.set()
    first.join(10)
    second.join(10)
    assert not errors and b_stamped.is_set()
    assert _page(engine, start, limit=10).items == [(1, "a2"), (2, "b2")]
    assert _seqs(engine) == {1: 3, 2: 4}


def test_a_polling_reader_ends_with_every_rows_final_state_under_concurrent_writers(engine: Engine) -> None:
    ids = list(range(1, 9))
    _create(engine, *(f"v0-{n}" for n in ids))
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for step in range(15):
                with transaction(engine) as session:
                    thing = session.get(Thing, rng.choice(ids))
                    assert thing is not None
                    thing.name = f"w{seed}-{step}"
                    session.flush()
                    time.sleep(rng.random() * 0.005)  # hold the stamp a little before committing
        except BaseException as exc:
            errors.append(exc)

    latest: dict[int, str] = {}
    cursor: str | None = None

    def poll() -> None:
        nonlocal cursor
        result = _page(engine, cursor, limit=3)
        latest.update(dict(result.items))
        cursor = result.next_cursor

    writers = [threading.Thread(target=writer, args=(seed,)) for seed in range(4)]
    for thread in writers:
        thread.start()
    while any(thread.is_alive() for thread in writers):
        poll()
    stop.set()
    for thread in writers:
        thread.join()
    for _ in range(100):
        before = cursor
        poll()
        if cursor == before:
            break
    assert not errors
    with transaction(engine, readonly=True) as session:
        final = dict(session.execute(select(Thing.id, Thing.name)).all())
    assert latest == final


def test_the_lock_is_taken_on_postgresql_only_with_the_tables_key(engine: Engine) -> None:
    _create(engine, "a")
    with transaction(engine) as session:
        thing = session.get(Thing, 1)
        assert thing is not None
        thing.name = "a2"
        session.flush()
        if engine.dialect.name == "postgresql":
            key = lock_key(Thing.__tablename__)
            held = session.execute(text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() "
                "AND ((classid::bigint << 32) | objid::bigint) = (:key & x'ffffffffffffffff'::bigint)"),
                {"key": key}).scalar_one()
            assert held == 1


# --- access --------------------------------------------------------------------------------------------------


def _principal(role: str, position: str, scopes: set[str]) -> Principal:
    return Principal(subject="s", name="n", role=Role(role), position=Position(position), area="999001",
                     scopes=frozenset(scopes))


def test_the_open_api_admits_a_scoped_city_platform_client_and_admins_only() -> None:
    require_open_reader(_principal("city_platform", "client", {"facilities:read"}), "facilities:read")
    require_open_reader(_principal("admin", "staff", set()), "facilities:read")
    with pytest.raises(Forbidden) as caught:
        require_open_reader(_principal("city_platform", "client", {"hazards:read"}), "facilities:read")
    assert caught.value.code == "scope_missing"
    for role, position in (("civil_affairs", "head"), ("task_force", "leader"), ("facility", "manager")):
        with pytest.raises(Forbidden) as caught:
            require_open_reader(_principal(role, position, {"facilities:read"}), "facilities:read")
        assert caught.value.code == "role_forbidden"


@pytest.mark.parametrize("value", ["2026-11-01T00:00:00Z", "2026-11-01T08:00:00+08:00", "2026-11-01t00:00:00.123z",
                                   "2026-11-01T00:00:00.123456789-05:00"])
def test_rfc3339_times_with_an_offset_are_accepted(value: str) -> None:
    parsed = TypeAdapter(Rfc3339).validate_python(value)
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("value", ["0.5", "1700000000", "2026-11-01", "2026-11-01T00:00:00", "2026-13-01T00:00:00Z",
                                   "yesterday", "2026-11-01T00:00:00+0800", 5])
def test_anything_else_is_refused_as_a_time(value: object) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Rfc3339).validate_python(value)
