"""Nothing identifies an anonymous reporter, across real processes: a tip sent through the gateway with every
identifying header a browser or proxy adds leaves no trace of them in the stored tip, its photos' rows, its event,
the audit trail or any process's log."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.support.platform import Platform
from tests.support.survey import bearer, png

pytestmark = pytest.mark.e2e


def _rows(database_url: str, query: str, **params: Any) -> list[dict[str, Any]]:
    # The platform's own database: SQLite keeps every service in one file, PostgreSQL a schema per service.
    sqlite = database_url.startswith("sqlite")
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            sql = query.format(inspection="" if sqlite else "inspection.", events="" if sqlite else "events.")
            return [dict(row._mapping) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def test_a_tip_leaves_no_trace_of_who_sent_it(platform: Platform) -> None:
    api = platform.base_url
    marker = uuid.uuid4().hex[:12]
    address, agent = "203.0.113.77", f"ProbeBrowser/{marker}"
    headers = {"User-Agent": agent, "X-Forwarded-For": address, "X-Real-IP": address,
               "Forwarded": f"for={address}", "Referer": f"https://news.example/{marker}",
               "Cookie": f"session={marker}"}
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + 30
    while not found and time.monotonic() < deadline:
        found = httpx.get(f"{api}/api/inspection/public/facilities", params={"q": "桂园"}, headers=headers).json()
        time.sleep(0.2 if not found else 0)
    assert found
    response = httpx.post(f"{api}/api/inspection/public/tips", headers=headers, data={
        "category": "abuse_neglect", "description": f"夜间护理员大声呵斥老人，多次不给喝水（{marker}）",
        "facility_id": found[0]["facility_id"]}, files=[("photos", ("a.png", png(), "image/png"))])
    assert response.status_code == 201, response.text
    assert response.headers["referrer-policy"] == "no-referrer" and "no-store" in response.headers["cache-control"]
    receipt = response.json()
    status = httpx.post(f"{api}/api/inspection/public/tips/status", headers=headers,
                        json={"receipt": receipt["receipt"]})
    assert status.status_code == 200, status.text

    url = platform.env["ELDERSAFE_DATABASE_URL"]
    (tip,) = _rows(url, "select * from {inspection}tip where number = :number", number=receipt["number"])
    photos = _rows(url, "select * from {inspection}tip_photo where tip_id = :id", id=tip["id"])
    events = _rows(url, "select * from {events}event where subject = :subject", subject=f"tip:{tip['id']}")
    assert photos and events
    stored = repr([tip, photos, events])
    for trace in (address, agent, f"session={marker}", "news.example", receipt["receipt"]):
        assert trace not in stored, trace
    assert tip["receipt_hash"] != receipt["receipt"] and tip["contact_ciphertext"] is None

    # The audit trail records the write, with no address.
    admin = platform.login("admin")
    deadline = time.monotonic() + 10
    entries: list[dict[str, Any]] = []
    while not entries and time.monotonic() < deadline:  # the audit is written off the request path
        entries = httpx.get(f"{api}/api/audit", headers=bearer(admin),
                            params={"path": "/api/inspection/public/tips"}).json()["items"]
        time.sleep(0.2 if not entries else 0)
    assert entries and all(entry["client_ip"] is None for entry in entries)
    assert address not in repr(entries) and agent not in repr(entries)

    # No process wrote the address, the user agent or the referrer to its log.
    logs = {path.name: path.read_text(errors="replace") for path in platform.workdir.glob("*.log")}
    assert "gateway.log" in logs and "inspection.log" in logs
    for name, content in logs.items():
        for trace in (address, agent, "news.example", f"session={marker}"):
            assert trace not in content, f"{trace} in {name}"
