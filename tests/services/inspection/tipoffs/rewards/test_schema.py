"""schemathesis over the reward operations, in process: no 500 and nothing off-schema, for each role that acts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    positive_data_acceptance,
    unsupported_method,
)

from eldersafe_inspection import deps
from eldersafe_inspection.main import app
from tests.support.db import rollback_session, session_override

# As in the other services' schema tests: domain rules answer 422 to schema-valid input (an approved amount
# outside the rule), Starlette's 405 lists one route's methods.
EXCLUDED = [positive_data_acceptance, allow_header_conformance, unsupported_method]
MAX_EXAMPLES = int(os.environ.get("ELDERSAFE_SCHEMATHESIS_EXAMPLES", "10"))

schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
    path_regex=r"^/api/inspection/(reward-rule|rewards|tips/\{tip_id\}/reward)")


@pytest.fixture(scope="module", autouse=True)
def rolled_back(migrated: str) -> Iterator[None]:
    with rollback_session(deps.get_engine()) as session:
        app.dependency_overrides[deps.get_session] = session_override(session)
        yield
        app.dependency_overrides.pop(deps.get_session, None)


_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                            HealthCheck.function_scoped_fixture])


@schema.parametrize()
@_SETTINGS
def test_reward_operations_conform_for_the_custodian(case: schemathesis.Case, make_token: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {make_token('reward_custodian', 'custodian')}"},
                           excluded_checks=EXCLUDED)


@schema.parametrize()
@_SETTINGS
def test_reward_operations_conform_for_a_department_head(case: schemathesis.Case, make_token: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {make_token('fire', 'head')}"},
                           excluded_checks=EXCLUDED)


@schema.parametrize()
@_SETTINGS
def test_reward_operations_conform_for_the_admin(case: schemathesis.Case, make_token: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {make_token('admin', 'staff')}"},
                           excluded_checks=EXCLUDED)
