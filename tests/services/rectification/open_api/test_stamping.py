"""Every write of a hazard stamps a higher change_seq: intake, each ledger transition, deadline changes, the
overdue check, escalation flags, reopening (a relapse)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_rectification.ledger import overdue as ledger_service
from eldersafe_rectification.ledger.models import Hazard, HazardEvidence
from tests.conftest import COMMUNITY
from tests.services.rectification.ledger.support import FACILITY, new_hazard

Auth = Callable[..., dict[str, str]]


class Seq:
    """The hazard's change_seq as committed, and a check that each step raised it."""

    def __init__(self, session: Session, hazard_id: str):
        self.session, self.hazard_id, self.last = session, hazard_id, 0

    def rose(self) -> bool:
        self.session.expire_all()
        hazard = self.session.get(Hazard, self.hazard_id)
        assert hazard is not None
        risen, self.last = hazard.change_seq > self.last, hazard.change_seq
        return risen


def test_every_ledger_write_raises_the_hazard_s_change_seq(session: Session, client: TestClient, auth: Auth) -> None:
    hazard = new_hazard(session, severity="major", item_code="XF-STAMP")
    seq = Seq(session, hazard.id)
    assert seq.rose()  # intake (the ledger consumer)
    url = f"/api/rectification/hazards/{hazard.id}"
    manager = auth("facility", "manager", area=COMMUNITY, facility=FACILITY)
    fire, head = auth("fire", "staff"), auth("fire", "head")

    def version() -> int:
        return int(client.get(url, headers=fire).json()["version"])

    assert client.patch(url, json={"measures": "加装喷淋", "version": version()}, headers=fire).status_code == 200
    assert seq.rose()
    assert client.post(f"{url}/start", headers=manager).status_code == 200
    assert seq.rose()
    assert client.post(f"{url}/extensions", json={"new_deadline": "2099-01-01", "reason": "材料未到"},
                       headers=manager).status_code == 201
    seq.rose()  # a request alone may leave the entry as it was
    extension = client.get(url, headers=fire).json()["extensions"][0]["id"]
    assert client.post(f"{url}/extensions/{extension}/approve", json={"note": "同意"}, headers=head).status_code == 200
    assert seq.rose()  # the deadline moved
    session.add(HazardEvidence(id=str(uuid.uuid4()), hazard_id=hazard.id, filename="a.jpg", content_type="image/jpeg",
                               size=1, sha256="0" * 64, storage_key="x", uploaded_by="m", uploaded_at=clock.now()))
    session.commit()
    for action, headers, body in (("submit", manager, {"note": "done"}), ("reject", fire, {"reason": "不合格"}),
                                  ("submit", manager, {"note": "again"}), ("accept", fire, {"note": "ok"}),
                                  ("sign-off", head, None)):
        answer = client.post(f"{url}/{action}", json=body, headers=headers) if body else client.post(
            f"{url}/{action}", headers=headers)
        assert answer.status_code == 200, (action, answer.text)
        assert seq.rose(), action
    # A follow-up finding on the signed-off item reopens it as a relapse.
    new_hazard(session, severity="major", item_code="XF-STAMP", mode="follow_up")
    assert seq.rose()


def test_the_overdue_check_and_an_escalation_flag_stamp_too(session: Session) -> None:
    hazard = new_hazard(session)
    hazard.deadline = ledger_service.today_china() - timedelta(days=2)
    session.add(hazard)
    session.commit()
    seq = Seq(session, hazard.id)
    seq.rose()
    assert ledger_service.check_overdue(session) == 1
    session.commit()
    assert seq.rose()
    ledger_service.flag_escalated(session, hazard_id=hazard.id, deadline=hazard.deadline, stage="overdue_3",
                                  days_overdue=3, at=clock.now())
    session.commit()
    assert seq.rose()


def test_a_read_stamps_nothing(session: Session, client: TestClient, auth: Auth) -> None:
    hazard = new_hazard(session)
    seq = Seq(session, hazard.id)
    seq.rose()
    assert client.get(f"/api/rectification/hazards/{hazard.id}", headers=auth("fire", "staff")).status_code == 200
    assert client.get("/api/rectification/hazards", headers=auth("fire", "staff")).status_code == 200
    session.commit()
    assert not seq.rose()
