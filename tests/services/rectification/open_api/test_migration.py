"""0010_open_api numbers the entries already in the ledger, so a first sync (reading after position 0) finds them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from eldersafe_common.migrate import upgrade
from eldersafe_rectification.ledger import repository
from tests.conftest import COMMUNITY

MIGRATIONS = Path(repository.__file__).resolve().parents[1] / "migrations"


def test_existing_entries_are_numbered_in_the_order_they_last_changed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'open_api.db'}"
    upgrade(MIGRATIONS, url, schema="rectification", revision="0009_hazard_escalation")
    engine = sa.create_engine(url)
    base = {"inspection_id": "i", "campaign_id": "c", "facility_id": "f", "area_code": COMMUNITY, "departments": [],
            "item_code": "X", "item_text": "x", "basis": "b", "category": "fire", "severity": "major",
            "description": "d", "photo_ids": [], "deadline": date(2026, 2, 1), "state": "open",
            "accepted_departments": [], "relapse": False, "reopened_count": 0, "self_check": False,
            "found_at": datetime(2026, 1, 1, tzinfo=UTC), "created_at": datetime(2026, 1, 1, tzinfo=UTC),
            "version": 1}
    hazard = sa.Table("hazard", sa.MetaData(), autoload_with=engine)
    changed = {"h1": datetime(2026, 1, 3, tzinfo=UTC), "h2": datetime(2026, 1, 2, tzinfo=UTC),
               "h3": datetime(2026, 1, 3, tzinfo=UTC)}
    with engine.begin() as conn:
        conn.execute(hazard.insert(), [{**base, "id": key, "hazard_key": key, "updated_at": at}
                                       for key, at in changed.items()])
    upgrade(MIGRATIONS, url, schema="rectification")
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, change_seq FROM hazard ORDER BY change_seq")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("h2", 1), ("h1", 2), ("h3", 3)]
