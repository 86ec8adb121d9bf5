"""Migration 0002 moves accounts made while the custodian was a civil-affairs position to the role of its own."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, text

from eldersafe_common.db import make_engine
from eldersafe_common.migrate import alembic_config, upgrade
from tests.support.db import ROOT

MIGRATIONS = ROOT / "gateway/eldersafe_gateway/migrations"
ACCOUNT = ("INSERT INTO account (id, username, name, password_hash, role, position, department, area, disabled, "
           "failed_logins, created_at, updated_at) VALUES (:id, :id, :id, 'x', :role, :position, :department, "
           "'999001', false, 0, '2026-11-29 00:00:00', '2026-11-29 00:00:00')")


def roles(engine: Engine) -> dict[str, tuple[str, str, str | None]]:
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT id, role, position, department FROM account")).all()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def test_the_custodian_position_becomes_the_role_and_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    upgrade(MIGRATIONS, url, schema="gateway", revision="0001_gateway")
    engine = make_engine(url)
    with engine.begin() as conn:
        for account_id, role, position in (("zhao", "civil_affairs", "custodian"), ("li", "civil_affairs", "head"),
                                           ("wang", "fire", "staff")):
            conn.execute(text(ACCOUNT), {"id": account_id, "role": role, "position": position, "department": role})
    upgrade(MIGRATIONS, url, schema="gateway")
    assert roles(engine) == {"zhao": ("reward_custodian", "custodian", None),
                             "li": ("civil_affairs", "head", "civil_affairs"), "wang": ("fire", "staff", "fire")}
    command.downgrade(alembic_config(MIGRATIONS, url, schema="gateway"), "0001_gateway")
    assert roles(engine)["zhao"] == ("civil_affairs", "custodian", "civil_affairs")
    engine.dispose()
