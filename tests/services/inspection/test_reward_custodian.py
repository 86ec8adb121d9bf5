"""The reward custodian (奖励资金保管人) reads tip rewards and nothing else in this service (least privilege).

Its rewards, payout and contact rights are tested in ``rewards/test_decisions.py``; here every other staff read
the service declares answers 403, so a read added later without a role check fails this test.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from eldersafe_inspection.main import app
from tests.support.reads import Read, reads

# The custodian's own reads: the rewards list (200) and one reward (404 for the placeholder id).
ALLOWED = {"/api/inspection/rewards": 200, "/api/inspection/rewards/{reward_id}": 404}
STAFF_READS = reads(app, "/api/inspection/", "/api/open/")
PUBLIC = ("/api/inspection/public/",)  # no token at all: the custodian is an anonymous reporter there


@pytest.mark.parametrize("read", [r for r in STAFF_READS if not r.path.startswith(PUBLIC)], ids=lambda r: r.path)
def test_the_custodian_reads_only_rewards(client: TestClient, auth: Any, read: Read) -> None:
    response = client.get(read.url, params=read.params, headers=auth("reward_custodian", "custodian"))
    assert response.status_code == ALLOWED.get(read.path, 403), response.text
    if response.status_code == 403:
        assert response.json()["code"] in ("role_forbidden", "scope_missing")


def test_every_allowed_read_exists() -> None:
    assert set(ALLOWED) <= {read.path for read in STAFF_READS}
