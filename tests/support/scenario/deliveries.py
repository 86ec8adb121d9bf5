"""What the deadline ladder delivered, checked on the receiving side of each channel: the delivery log (admin), the
SMS the ``log`` provider wrote to the notification worker's log, the emails the local SMTP server received
(Message-ID = the notification id) and each account's inbox."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from eldersafe_common import clock

from .actors import Actor, eventually
from .stack import Stack

HAZARD_RULE = "hazard.deadline"
STAGE_TAGS = {"remind_3d": "【到期提醒】", "remind_1d": "【到期提醒】", "due_day": "【今日到期】",
              "overdue_3wd": "【逾期升级】", "overdue_7wd": "【逾期督办】", "issued": "【督办通知】"}


@dataclass(frozen=True)
class Recipient:
    """Someone a ladder stage tells: an account (``actor``) or a person named on the hazard (SMS only)."""

    key: str
    phone: str
    email: str | None = None
    actor: Actor | None = field(default=None, compare=False)

    @classmethod
    def account(cls, actor: Actor) -> Recipient:
        return cls(key=actor.recipient, phone=str(actor.account["phone"]), email=str(actor.account["email"]),
                   actor=actor)

    @classmethod
    def person(cls, name: str, phone: str) -> Recipient:
        return cls(key=f"person:{name}:{phone}", phone=phone)


def hazard_subject(hazard_id: str, deadline: date) -> str:
    """A hazard's ladder is keyed by its deadline: an extension starts a new one."""
    return f"hazard:{hazard_id}@{deadline.isoformat()}"


def deliveries(admin: Actor, *, rule_key: str = HAZARD_RULE, day: date | None = None) -> list[dict[str, Any]]:
    """The delivery log's rows of a rule (created on one China day, when given), every page."""
    params: dict[str, Any] = {"rule_key": rule_key, "page_size": 100}
    if day is not None:
        start = clock.china_midnight(day)
        params.update({"from": start.isoformat(), "to": (start + timedelta(days=1)).isoformat()})
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        answer = admin.get("/api/notification/deliveries", params={**params, "page": page})
        rows += answer["items"]
        if len(rows) >= answer["total"] or not answer["items"]:
            return rows
        page += 1


def _sms_checked(stack: Stack, row: dict[str, Any], recipient: Recipient, words: tuple[str, ...]) -> None:
    lines = [line for line in stack.sms_lines() if f"(out_id {row['id']})" in line]
    assert len(lines) == 1, f"SMS {row['id']} written {len(lines)} times: {lines}"
    assert f"SMS to {recipient.phone} " in lines[0], lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    assert "【【" not in lines[0], lines[0]


def _email_checked(stack: Stack, row: dict[str, Any], recipient: Recipient, words: tuple[str, ...]) -> None:
    received = stack.mail.with_message_id(f"<{row['id']}@eldersafe.invalid>")
    assert len(received) == 1, f"email {row['id']} received {len(received)} times"
    message = received[0]
    assert str(message["Subject"]) == row["title"], (message["Subject"], row["title"])
    assert recipient.email and recipient.email in str(message["To"]), (recipient.email, message["To"])
    for word in words:
        assert word in str(message["Subject"]), (word, message["Subject"])


def _inbox_checked(row: dict[str, Any], recipient: Recipient, link: str, words: tuple[str, ...]) -> None:
    assert recipient.actor is not None
    items = [item for item in recipient.actor.inbox()
             if item["subject"] == row["subject"] and item["stage"] == row["stage"]]
    assert len(items) == 1, f"{recipient.actor.username}'s inbox holds {len(items)} items of {row['subject']}"
    assert items[0]["id"] == row["id"] and items[0]["link"] == link, items[0]
    for word in words:
        assert word in items[0]["title"], (word, items[0]["title"])


def stage_delivered(stack: Stack, admin: Actor, *, subject: str, stage: str, link: str,
                    expected: dict[Recipient, set[str]], words: tuple[str, ...], on: date,
                    rule_key: str = HAZARD_RULE) -> list[dict[str, Any]]:
    """Wait until the stage's notifications made on ``on`` are exactly ``expected`` (recipient → channels) and all
    sent; then find each one on its channel's receiving side, once, naming ``words`` (the finding)."""
    want = Counter((recipient.key, channel) for recipient, channels in expected.items() for channel in channels)

    def read() -> list[dict[str, Any]]:
        return [row for row in deliveries(admin, rule_key=rule_key, day=on)
                if row["subject"] == subject and row["stage"] == stage]

    def complete(rows: list[dict[str, Any]]) -> bool:
        return (Counter((row["recipient"], row["channel"]) for row in rows) == want
                and all(row["status"] == "sent" for row in rows))

    rows = eventually(read, complete, what=f"{stage} of {subject} to {sorted(want)}", timeout=45)
    by_key = {recipient.key: recipient for recipient in expected}
    for row in rows:
        recipient = by_key[row["recipient"]]
        assert row["title"].startswith(STAGE_TAGS.get(stage, "【")), row["title"]
        if row["channel"] == "sms":
            eventually(lambda row=row: len([line for line in stack.sms_lines() if row["id"] in line]),
                       lambda n: n >= 1, what=f"the SMS line of {row['id']}", timeout=10)
            _sms_checked(stack, row, recipient, words)
        elif row["channel"] == "email":
            eventually(lambda row=row: len(stack.mail.with_message_id(f"<{row['id']}@eldersafe.invalid>")),
                       lambda n: n >= 1, what=f"the email {row['id']}", timeout=10)
            _email_checked(stack, row, recipient, words)
        else:
            _inbox_checked(row, recipient, link, words)
    return rows


def ladder_rows(admin: Actor, subject: str) -> list[dict[str, Any]]:
    """Every notification of one ladder (a hazard and deadline), whatever the day."""
    return [row for row in deliveries(admin) if row["subject"] == subject]


def created_on(row: dict[str, Any]) -> date:
    return clock.china_today(datetime.fromisoformat(row["created_at"]))
