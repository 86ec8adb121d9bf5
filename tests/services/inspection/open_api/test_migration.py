"""Migration 0009 numbers existing campaigns in the feed, also when targets reference them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from eldersafe_common.db import make_engine
from eldersafe_common.migrate import upgrade
from tests.support.db import ROOT

MIGRATIONS = ROOT / "services/inspection/eldersafe_inspection/migrations"


def test_existing_campaigns_are_numbered_by_their_last_update(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'inspection.db'}"
    upgrade(MIGRATIONS, url, schema="inspection", revision="0008_rewards")
    engine = make_engine(url)
    with engine.begin() as conn:
        for campaign_id, updated in (("c-late", "2026-11-02 00:00:00"), ("c-early", "2026-11-01 00:00:00")):
            conn.execute(text(
                "INSERT INTO campaign (id, name, area_code, departments, survey_start, survey_end, "
                "rectification_start, rectification_end, review_start, review_end, deadline_days_major, "
                "deadline_days_ordinary, created_at, created_by, updated_at, updated_by) VALUES (:id, :id, '999001', "
                "'[\"fire\"]', '2026-05-01', '2026-05-31', '2026-06-01', '2026-08-31', '2026-09-01', '2026-09-30', "
                "7, 30, :at, 'seed', :at, 'seed')"), {"id": campaign_id, "at": updated})
            conn.execute(text("INSERT INTO campaign_facility (campaign_id, facility_id, included, added_at) "
                              "VALUES (:id, 'f1', 1, :at)"), {"id": campaign_id, "at": updated})
    upgrade(MIGRATIONS, url, schema="inspection")
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT id, change_seq FROM campaign ORDER BY change_seq")).all()
        assert [tuple(row) for row in rows] == [("c-early", 1), ("c-late", 2)]
        assert conn.execute(text("SELECT count(*) FROM campaign_facility")).scalar_one() == 2
    engine.dispose()
