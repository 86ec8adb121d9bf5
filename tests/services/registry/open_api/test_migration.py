"""Migration 0003 numbers existing facilities in the feed, also when other rows reference them (SQLite would
refuse to rebuild a referenced table, so the column is added in place)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from eldersafe_common.db import make_engine
from eldersafe_common.migrate import upgrade
from tests.support.db import ROOT

MIGRATIONS = ROOT / "services/registry/eldersafe_registry/migrations"


def test_existing_facilities_are_numbered_by_their_last_update(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(MIGRATIONS, url, schema="registry", revision="0002_relocation")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO area (code, name_zh, level) VALUES ('999001', '区', 'district'), "
                          "('999001001', '街道', 'subdistrict'), ('999001001001', '社区', 'community')"))
        for facility_id, updated in (("f-late", "2026-11-02 00:00:00"), ("f-early", "2026-11-01 00:00:00")):
            conn.execute(text(
                "INSERT INTO facility (id, name, uscc, ownership, address, subdistrict_code, community_code, "
                "area_code, legal_representative, legal_representative_phone, manager, manager_phone, licensed_beds, "
                "residents_count, status, micro_fire_station, extinguishers, evacuation_tools, created_at, updated_at, "
                "version) VALUES (:id, :id, :id, 'private', '路1号', '999001001', '999001001001', '999001001001', "
                "'法人', '13900000000', '负责人', '13700000000', 10, 1, 'operating', 0, 0, 0, :at, :at, 1)"),
                {"id": facility_id, "at": updated})
            conn.execute(text(
                "INSERT INTO resident (id, facility_id, name, id_number, care_level, admitted_on, created_at, "
                "updated_at) VALUES (:rid, :id, '老人', '999001194005170011', 'self_care', '2024-01-01', :at, :at)"),
                {"rid": f"r-{facility_id}", "id": facility_id, "at": updated})
    upgrade(MIGRATIONS, url, schema="registry")
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT id, change_seq, classification FROM facility ORDER BY change_seq")).all()
        assert [tuple(row) for row in rows] == [("f-early", 1, None), ("f-late", 2, None)]
        assert conn.execute(text("SELECT count(*) FROM resident")).scalar_one() == 2
    engine.dispose()
