"""0012_hazard_tally back-fills the counters from the entries already in the ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from eldersafe_common.migrate import upgrade
from eldersafe_rectification.ledger import repository
from tests.conftest import COMMUNITY

MIGRATIONS = Path(repository.__file__).resolve().parents[1] / "migrations"


def test_the_counters_start_from_the_ledger(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tally.db'}"
    upgrade(MIGRATIONS, url, schema="rectification", revision="0011_campaigns")
    engine = sa.create_engine(url)
    base = {"inspection_id": "i", "campaign_id": "c", "facility_id": "f", "area_code": COMMUNITY,
            "item_code": "X", "item_text": "x", "basis": "b", "category": "fire", "severity": "major",
            "description": "d", "photo_ids": [], "accepted_departments": [], "relapse": False, "reopened_count": 0,
            "self_check": False, "found_at": datetime(2026, 1, 1, tzinfo=UTC),
            "created_at": datetime(2026, 1, 1, tzinfo=UTC), "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
            "version": 1}
    rows = [("h1", ["fire"], "open", date(2026, 2, 1)), ("h2", ["fire"], "open", date(2026, 2, 1)),
            ("h3", ["health", "fire"], "submitted", date(2026, 2, 3)), ("h4", ["fire", "health"], "open",
                                                                        date(2026, 2, 3)),
            ("h5", ["fire"], "signed_off", date(2026, 2, 1))]
    hazard = sa.Table("hazard", sa.MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        conn.execute(hazard.insert(), [{**base, "id": key, "hazard_key": key, "departments": departments,
                                        "state": state, "deadline": deadline}
                                       for key, departments, state, deadline in rows])
    upgrade(MIGRATIONS, url, schema="rectification")
    with engine.connect() as conn:
        tally = conn.execute(sa.text("SELECT departments, state, hazards FROM hazard_tally "
                                     "ORDER BY departments, state")).all()
        due = conn.execute(sa.text("SELECT departments, deadline, hazards FROM hazard_due_tally "
                                   "ORDER BY departments, deadline")).all()
    engine.dispose()
    assert [tuple(row) for row in tally] == [("fire", "open", 2), ("fire", "signed_off", 1),
                                             ("fire,health", "open", 1), ("fire,health", "submitted", 1)]
    assert [tuple(row) for row in due] == [("fire", "2026-02-01", 2), ("fire,health", "2026-02-03", 2)]
