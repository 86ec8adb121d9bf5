"""Gateway test fixtures: a rolled-back session per test, a real upstream, and the gateway around them."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlmodel import Session

from eldersafe_common.auth import Position, Role
from eldersafe_gateway import deps, passwords
from eldersafe_gateway.accounts import service as account_service
from eldersafe_gateway.accounts.schemas import AccountCreate
from eldersafe_gateway.main import GatewayApp, create_app
from eldersafe_gateway.models import Account, AuditEntry
from eldersafe_gateway.settings import GatewaySettings
from tests.gateway.upstream import build_upstream, free_port, serve
from tests.support.db import rollback_session

PASSWORD = "Correct horse 42"
FACILITY_ID = "d728f789-9bc8-562e-9acf-2a0e6bc5927a"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with test-sized cost: the same code path, a fraction of the time."""
    monkeypatch.setattr(passwords, "_hasher", passwords.PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024),)))


@pytest.fixture
def session(migrated: str) -> Iterator[Session]:
    with rollback_session(deps.get_engine()) as session:
        yield session


@pytest.fixture(scope="session")
def upstream_url() -> Iterator[str]:
    with serve(build_upstream("registry")) as url:
        yield url


@pytest.fixture
def down_url() -> str:
    """A loopback port nobody listens on."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def settings(upstream_url: str, down_url: str, tmp_path: Path) -> GatewaySettings:
    return GatewaySettings(
        registry_url=upstream_url, inspection_url=down_url, rectification_url=down_url,
        notification_url=down_url, proxy_read_timeout=0.5, frontend_dist=tmp_path / "dist",
    )


@pytest.fixture
def audited() -> list[AuditEntry]:
    return []


@pytest.fixture
def gateway(settings: GatewaySettings, audited: list[AuditEntry]) -> GatewayApp:
    def sink(entries: Sequence[AuditEntry]) -> None:
        audited.extend(entries)

    return create_app(settings, audit_sink=sink)


@pytest.fixture
def client(gateway: GatewayApp, session: Session) -> Iterator[TestClient]:
    def override() -> Iterator[Session]:
        yield from deps.run_in_transaction(session)

    gateway.api.dependency_overrides[deps.get_session] = override
    with TestClient(gateway) as client:
        yield client
    gateway.api.dependency_overrides.clear()


AccountFactory = Callable[..., Account]


@pytest.fixture
def make_account(session: Session) -> AccountFactory:
    """``make_account(role="fire", position="staff")`` creates an account with password PASSWORD."""

    def factory(role: str = "fire", position: str = "staff", *, area: str = "999001", **extra: Any) -> Account:
        data = {
            "username": f"u{uuid.uuid4().hex[:12]}", "name": "测试用户", "password": PASSWORD,
            "role": Role(role), "position": Position(position), "area": area, **extra,
        }
        account = account_service.create_account(session=session, data=AccountCreate.model_validate(data))
        # Commit (a savepoint here) so that a request that rolls back cannot take the fixture with it.
        session.commit()
        return account

    return factory


@pytest.fixture
def admin(make_account: AccountFactory) -> Account:
    return make_account("admin", "staff")


@pytest.fixture
def admin_headers(admin: Account, make_token: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token('admin', 'staff', subject=admin.id)}"}


def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    return client.post("/api/auth/login", json={"username": username, "password": password})
