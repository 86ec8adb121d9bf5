"""hazard_department kept in step with hazard.departments (intake, later changes, the 0006 backfill); every page
plan of the ledger (walk, area range, severity parts) gives exactly the plain sorted order; export escaping."""

import io
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.migrate import upgrade
from eldersafe_rectification.ledger import export, repository
from eldersafe_rectification.ledger.models import Hazard, HazardDepartment
from eldersafe_rectification.ledger.overdue import today_china
from eldersafe_rectification.ledger.schemas import HazardFilters
from tests.conftest import COMMUNITY

from .support import new_hazard

MIGRATIONS = Path(repository.__file__).resolve().parents[1] / "migrations"
SORTS = ["deadline", "-deadline", "found_at", "-found_at", "severity", "-severity", "updated_at"]


def departments(session: Session, hazard: Hazard) -> list[tuple[str, str, str]]:
    rows = session.exec(select(HazardDepartment).where(col(HazardDepartment.hazard_id) == hazard.id))
    return sorted((row.department, row.severity, row.area_code) for row in rows)


def test_intake_writes_the_department_row(session: Session) -> None:
    hazard = new_hazard(session, department="health", severity="ordinary")
    assert departments(session, hazard) == [("health", "ordinary", COMMUNITY)]


def test_set_departments_replaces_the_rows_and_the_filter_follows(session: Session) -> None:
    hazard = new_hazard(session, department="fire", campaign_id=(campaign := str(uuid.uuid4())))
    hazard.departments = ["health", "market", "health"]
    repository.set_departments(session, hazard)
    assert departments(session, hazard) == [("health", "major", COMMUNITY), ("market", "major", COMMUNITY)]
    for department, want in (("fire", 0), ("health", 1), ("market", 1)):
        filters = HazardFilters(campaign_id=campaign, department=department)  # type: ignore[arg-type]
        _, total = repository.list_hazards(session, area="", own_facility=None, filters=filters,
                                           today=today_china(), offset=0, limit=10)
        assert total == want


@pytest.fixture
def many(session: Session) -> Iterator[tuple[str, list[Hazard]]]:
    """Fourteen hazards of one campaign with ties on every sort key (same deadline, found_at, updated_at)."""
    campaign = str(uuid.uuid4())
    today = today_china()
    rows = []
    for index in range(14):
        hazard = new_hazard(session, campaign_id=campaign, item_code=f"P-{index}",
                            severity="major" if index % 3 == 0 else "ordinary",
                            department="fire" if index % 2 else "health")
        hazard.deadline = today + timedelta(days=(index % 4) - 2)
        hazard.found_at = datetime(2026, 1, 1 + index % 5, tzinfo=UTC)
        hazard.updated_at = datetime(2026, 2, 1 + index % 3, tzinfo=UTC)
        hazard.state = ["open", "in_progress", "signed_off"][index % 3]
        rows.append(hazard)
    session.add_all(rows)
    session.flush()
    yield campaign, rows


def expected(rows: list[Hazard], sort: str) -> list[str]:
    """The documented order, computed in Python."""
    rank = {"major": 2}
    keys = {
        "deadline": lambda h: (h.deadline, h.id),
        "found_at": lambda h: (h.found_at, h.id),
        "severity": lambda h: (rank.get(h.severity, 1), h.deadline, h.id),
        "-severity": lambda h: (-rank.get(h.severity, 1), h.deadline, h.id),
        "updated_at": lambda h: (-h.updated_at.timestamp(), h.id),
    }
    if sort in ("-deadline", "-found_at"):
        return [h.id for h in sorted(rows, key=keys[sort[1:]], reverse=True)]
    return [h.id for h in sorted(rows, key=keys[sort])]


@pytest.mark.parametrize("walk_above", [0, 1_000_000])  # every page walks its sort's index / none does
@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize(("extra", "area"), [({}, ""), ({"department": "fire"}, ""), ({"state": "open"}, COMMUNITY),
                                             ({"department": "health", "overdue": False}, COMMUNITY),
                                             ({"deadline_from": "past"}, "")])
def test_every_page_plan_gives_the_sorted_order(session: Session, many, monkeypatch: pytest.MonkeyPatch,
                                                walk_above: int, sort: str, extra: dict[str, object],
                                                area: str) -> None:
    campaign, rows = many
    monkeypatch.setattr(repository, "WALK_ABOVE", walk_above)
    today = today_china()
    if extra.get("deadline_from"):
        extra = {"deadline_from": today - timedelta(days=1)}
    filters = HazardFilters(campaign_id=campaign, sort=sort, **extra)  # type: ignore[arg-type]
    wanted = [h for h in rows if (not extra.get("department") or extra["department"] in h.departments)
              and h.deadline >= extra.get("deadline_from", date.min)  # type: ignore[operator]
              and (extra.get("state") in (None, h.state))
              and (extra.get("overdue") is None or not (h.deadline < today and h.state in ("open", "in_progress")))]
    got: list[str] = []
    for offset in range(0, 16, 3):
        page, total = repository.list_hazards(session, area=area, own_facility=None, filters=filters, today=today,
                                              offset=offset, limit=3)
        assert total == len(wanted)
        got += [h.id for h in page]
    assert got == expected(wanted, sort)


def test_the_backfill_turns_existing_lists_into_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'backfill.db'}"
    upgrade(MIGRATIONS, url, schema="rectification", revision="0005_hazard_found_by_name")
    engine = sa.create_engine(url)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    base = {"inspection_id": "i", "campaign_id": "c", "facility_id": "f", "area_code": COMMUNITY,
            "item_code": "X", "item_text": "x", "basis": "b", "category": "fire", "severity": "major",
            "description": "d", "photo_ids": [], "deadline": date(2026, 2, 1), "state": "open",
            "accepted_departments": [], "relapse": False, "reopened_count": 0, "self_check": False,
            "found_at": now, "created_at": now, "updated_at": now, "version": 1}
    hazard = sa.Table("hazard", sa.MetaData(), autoload_with=engine)
    lists = {"h1": ["fire"], "h2": ["fire", "health"], "h3": []}
    with engine.begin() as conn:
        conn.execute(hazard.insert(), [{**base, "id": key, "hazard_key": key, "departments": value}
                                       for key, value in lists.items()])
    upgrade(MIGRATIONS, url, schema="rectification")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT hazard_id, department, severity, area_code FROM hazard_department "
                                    "ORDER BY hazard_id, department")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("h1", "fire", "major", COMMUNITY), ("h2", "fire", "major", COMMUNITY),
                                            ("h2", "health", "major", COMMUNITY)]


def test_export_text_is_escaped_and_never_a_formula(session: Session) -> None:
    campaign = str(uuid.uuid4())
    new_hazard(session, campaign_id=campaign, description="=1+1 <b>&amp;</b>\x01\x0b end ",
               measures="  leading & trailing  ")
    admin = Principal(subject="a", name="a", role=Role.admin, position=Position.staff, area="999")
    path = export.export_xlsx(session, principal=admin, filters=HazardFilters(campaign_id=campaign))
    try:
        table = list(load_workbook(io.BytesIO(path.read_bytes()), read_only=True).worksheets[0]
                     .iter_rows(values_only=True))
    finally:
        path.unlink()
    row = dict(zip(export.HEADERS, table[1], strict=True))
    assert row["隐患描述"] == "=1+1 <b>&amp;</b> end "
    assert row["整改措施"] == "  leading & trailing  "
    # support.Found's found_at (02:00 UTC), shown in China time (issue 11), to the second
    assert row["发现时间（北京时间）"] == datetime(2026, 3, 1, 10, 0)
    assert row["是否逾期"] == "是"  # found on 2026-03-01, seven days to rectify


@pytest.mark.parametrize("area", ["999001", "99900", "99", "9", "999001001001"])
def test_the_area_range_is_exactly_the_prefix(session: Session, area: str) -> None:
    """Shorter and longer codes around the bounds (the range ends at the prefix followed by nines)."""
    campaign = str(uuid.uuid4())
    codes = ["999001", "999001001001", "99900199", "999009", "99", "9990", "999002", "1", "9999"]
    for code in codes:
        new_hazard(session, campaign_id=campaign, area_code=code, item_code=f"A-{code}")
    inside = sorted(code for code in codes if code.startswith(area))
    filters = HazardFilters(campaign_id=campaign)
    for caller, narrowed in ((area, filters), ("", filters.model_copy(update={"area_code": area}))):
        page, total = repository.list_hazards(session, area=caller, own_facility=None, filters=narrowed,
                                              today=today_china(), offset=0, limit=50)
        assert sorted(h.area_code for h in page) == inside and total == len(inside)
