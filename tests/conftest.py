"""Test-run configuration shared by every test.

The environment is set here, before any service module reads its settings: a fresh key pair, and one
database migrated once per run — a SQLite file by default, or PostgreSQL when
``ELDERSAFE_TEST_DATABASE_URL`` names one (CI runs the API tests both ways).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import tests.support.fuzz  # noqa: F401  (registers the schemathesis hooks)
from tests.support.keys import sign, write_keypair

_RUN_DIR = Path(tempfile.mkdtemp(prefix="eldersafe-test-"))
PRIVATE_KEY, PUBLIC_KEY = write_keypair(_RUN_DIR / "keys")
TEST_DATABASE_URL = os.environ.get("ELDERSAFE_TEST_DATABASE_URL") or f"sqlite:///{_RUN_DIR / 'test.db'}"

os.environ.update(
    {
        "ELDERSAFE_ENVIRONMENT": "test",
        "ELDERSAFE_DATABASE_URL": TEST_DATABASE_URL,
        "ELDERSAFE_JWT_PUBLIC_KEY_PATH": str(PUBLIC_KEY),
        "ELDERSAFE_JWT_PRIVATE_KEY_PATH": str(PRIVATE_KEY),
        # The run's own clock file: a developer's `make advance` never moves the tests' clock.
        "ELDERSAFE_CLOCK_FILE": str(_RUN_DIR / "clock.json"),
    }
)
os.environ.pop("ELDERSAFE_CLOCK_OFFSET_DAYS", None)
CHINA_TIME = os.environ.get("ELDERSAFE_TEST_CHINA_TIME")  # e.g. "00:30": run as if it were that time in China
if CHINA_TIME:
    from tests.support.clock import offset_days_to

    os.environ["ELDERSAFE_CLOCK_OFFSET_DAYS"] = repr(offset_days_to(CHINA_TIME))

DISTRICT = "999001"
SUBDISTRICT = "999001001"
COMMUNITY = "999001001001"


@pytest.fixture(scope="session")
def run_dir() -> Path:
    return _RUN_DIR


@pytest.fixture(scope="session")
def database_url() -> str:
    return TEST_DATABASE_URL


@pytest.fixture(scope="session")
def migrated(database_url: str) -> str:
    """The run's database, migrated to head once."""
    from tests.support.db import migrate_all

    migrate_all(database_url)
    return database_url


@pytest.fixture(scope="session")
def private_key_path() -> Path:
    return PRIVATE_KEY


TokenFactory = Callable[..., str]


@pytest.fixture(scope="session")
def make_token() -> TokenFactory:
    """``make_token("fire", "staff", area=..., facility=...)`` signs an access token for tests."""

    def factory(
        role: str,
        position: str = "staff",
        *,
        area: str = DISTRICT,
        facility: str | None = None,
        subject: str | None = None,
        scopes: list[str] | None = None,
        ttl: int = 600,
        **extra: object,
    ) -> str:
        departments = {"civil_affairs", "fire", "emergency", "police", "health", "housing", "market"}
        claims: dict[str, object] = {
            "sub": subject or f"test-{role}-{position}",
            "name": f"Test {role} {position}",
            "role": role,
            "position": position,
            "area": area,
            "department": role if role in departments else None,
            "facility": facility,
            "scopes": scopes or [],
            **extra,
        }
        return sign(PRIVATE_KEY, ttl=ttl, **claims)

    return factory


@pytest.fixture
def auth(make_token: TokenFactory) -> Callable[..., dict[str, str]]:
    """``auth("community", "officer", area=COMMUNITY)`` gives request headers with a bearer token."""

    def headers(*args: object, **kwargs: object) -> dict[str, str]:
        return {"Authorization": f"Bearer {make_token(*args, **kwargs)}"}

    return headers


PROCESS_MARKERS = ("e2e", "browser", "schema")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the in-process tests first and the ones that start the platform last; skip PostgreSQL-only
    tests on SQLite."""
    items.sort(key=lambda item: any(marker in item.keywords for marker in PROCESS_MARKERS))
    if TEST_DATABASE_URL.startswith("sqlite"):
        skip = pytest.mark.skip(reason="needs PostgreSQL (concurrent writers)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def no_env_leak() -> Iterator[None]:
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def platform(run_dir: Path) -> Iterator[object]:
    """The whole platform as real processes on loopback (shared by e2e, browser and schema tests)."""
    from tests.support.platform import running_platform

    url = os.environ.get("ELDERSAFE_TEST_PLATFORM_DATABASE_URL")  # SQLite file by default
    with running_platform(run_dir / "platform", database_url=url) as running:
        yield running
