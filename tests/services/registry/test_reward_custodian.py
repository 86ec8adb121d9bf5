"""The reward custodian (奖励资金保管人) reads nothing in the registry service: every read answers 403.

Its rights live in the inspection service (rewards); the reads here are taken from the OpenAPI document, so a
read added later without a role check fails this test.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from eldersafe_registry.main import app
from tests.support.reads import Read, reads

ALLOWED: dict[str, int] = {}
STAFF_READS = reads(app, "/api/registry/", "/api/open/")


@pytest.mark.parametrize("read", STAFF_READS, ids=lambda r: r.path)
def test_the_custodian_reads_nothing_here(client: TestClient, auth: Any, read: Read) -> None:
    response = client.get(read.url, params=read.params, headers=auth("reward_custodian", "custodian"))
    assert response.status_code == ALLOWED.get(read.path, 403), response.text
    if response.status_code == 403:
        assert response.json()["code"] in ("role_forbidden", "scope_missing")


def test_every_allowed_read_exists() -> None:
    assert set(ALLOWED) <= {read.path for read in STAFF_READS}
