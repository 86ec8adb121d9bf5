"""Across processes: a failed item gives exactly one ledger entry even when the rectification worker is killed
(SIGKILL) in the middle of delivering the hazard.found event, and restarted."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from eldersafe_common.faults import CRASH_AT
from tests.support.platform import Platform
from tests.support.survey import bearer, record_failed_inspection

pytestmark = pytest.mark.e2e
WORKER = "rectification_worker"


def ledger_total(platform: Platform, token: str, campaign_id: str) -> int:
    answer = httpx.get(f"{platform.base_url}/api/rectification/hazards", params={"campaign_id": campaign_id},
                       headers=bearer(token))
    answer.raise_for_status()
    return int(answer.json()["total"])


def wait_for(predicate, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.parametrize("moment", ["before_commit", "after_commit"])
def test_killed_worker_delivers_exactly_one_entry(platform: Platform, tmp_path: Path, moment: str) -> None:
    marker = tmp_path / "crashed"
    platform.stop(WORKER)
    platform.env[CRASH_AT] = f"rectification.ledger:{moment}@{marker}"
    try:
        platform.start(WORKER)
    finally:
        del platform.env[CRASH_AT]  # the restart below runs without it
    try:
        recorded = record_failed_inspection(platform, campaign_name=f"断电演练 {moment}", key=f"crash-{moment}")
        process = platform.processes[WORKER]
        assert process.wait(timeout=60) == -9, platform.log(WORKER)[-2000:]
        assert marker.exists()
        head = platform.login("civil_affairs_head")
        # Killed before its commit, the delivery left nothing; killed after it, the entry is there.
        assert ledger_total(platform, head, recorded.campaign_id) == (0 if moment == "before_commit" else 1)
    finally:
        platform.processes.pop(WORKER, None)
        platform.start(WORKER)

    wait_for(lambda: ledger_total(platform, head, recorded.campaign_id) >= 1)
    time.sleep(1.5)  # several polling rounds of the restarted worker: a second entry would show by now
    assert ledger_total(platform, head, recorded.campaign_id) == 1
    hazards = httpx.get(f"{platform.base_url}/api/rectification/hazards",
                        params={"campaign_id": recorded.campaign_id}, headers=bearer(head)).json()["items"]
    assert [h["item_code"] for h in hazards] == [recorded.failed_item_code]
