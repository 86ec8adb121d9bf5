"""schemathesis over the gateway's merged OpenAPI, against the running platform.

Every operation, with generated valid and invalid inputs, must answer without a server error and as its
schema says (status codes, content types, bodies). Runs as an admin and as a community officer so that
both the full and the area-limited paths are exercised.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.support.platform import Platform

pytestmark = pytest.mark.schema

MAX_EXAMPLES = int(os.environ.get("ELDERSAFE_SCHEMATHESIS_EXAMPLES", "25"))


@pytest.fixture(scope="session")
def merged_schema(platform: Platform) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_url(f"{platform.base_url}/api/openapi.json")
    # Logging out or disabling accounts mid-run would only test that the run sabotaged itself.
    return schema.exclude(path_regex=r"^/api/auth/(logout|refresh)$").exclude(
        path_regex=r"^/api/accounts/\{[^}]+\}/(disable|reset-password)$"
    )


schema = schemathesis.pytest.from_fixture("merged_schema")


SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="session")
def tokens(platform: Platform) -> dict[str, str]:
    return {name: platform.login(name) for name in ("admin", "community_officer")}


def _check(case: schemathesis.Case, platform: Platform, token: str) -> None:
    case.call_and_validate(base_url=platform.base_url, headers={"Authorization": f"Bearer {token}"})


@schema.parametrize()
@SETTINGS
def test_operations_conform_for_an_admin(case: schemathesis.Case, platform: Platform,
                                         tokens: dict[str, str]) -> None:
    _check(case, platform, tokens["admin"])


@schema.parametrize()
@SETTINGS
def test_operations_conform_for_a_community_officer(case: schemathesis.Case, platform: Platform,
                                                    tokens: dict[str, str]) -> None:
    _check(case, platform, tokens["community_officer"])
