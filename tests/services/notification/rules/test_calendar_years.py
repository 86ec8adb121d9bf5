"""Issue 11 (13): the working-day calendar knows when it does not know. An admin enters a whole year's State
Council arrangement at once (text or entries, replacing the year in one transaction, 422 naming the line); from
1 November every admin and the civil-affairs head get an inbox notice while next year is unknown (once each), and
``/healthz`` warns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_notification.escalation.tick import tick
from eldersafe_notification.rules import notices
from eldersafe_notification.rules.calendar import WorkingCalendar, package_knows, package_years
from tests.conftest import DISTRICT
from tests.services.notification.ladder import account, china, district_contacts, hazard, rows

Headers = Callable[..., dict[str, str]]
YEARS = "/api/notification/calendar/years"
# A year no chinesecalendar release will know, so that these tests do not depend on the installed package.
FAR = 2099
ARRANGEMENT = f"""# 国务院办公厅关于{FAR}年部分节假日安排的通知
{FAR}-01-01 holiday 元旦
{FAR}-02-06..{FAR}-02-12 holiday 春节
{FAR}-02-14 workday 春节调休
{FAR}-10-01..{FAR}-10-07 休 国庆节
"""


def at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """Move the business clock to ``moment`` (aware) for this test."""
    monkeypatch.setenv(clock.OFFSET_ENV, str((moment - clock.wall_now()).total_seconds() / 86400))


def _china_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=clock.CHINA)


def test_a_whole_year_entered_as_text_replaces_the_year_and_makes_it_known(client: TestClient,
                                                                           auth: Headers) -> None:
    assert not package_knows(FAR)
    admin = auth("admin")
    client.put(f"/api/notification/calendar/{FAR}-05-05", json={"kind": "holiday"}, headers=admin)
    response = client.put(f"{YEARS}/{FAR}", json={"text": ARRANGEMENT}, headers=admin)
    assert response.status_code == 200, response.text
    assert {key: response.json()[key] for key in ("year", "known", "source", "holidays", "workdays")} == {
        "year": FAR, "known": True, "source": "entered", "holidays": 15, "workdays": 1}
    days = client.get("/api/notification/calendar", params={"year": FAR}, headers=admin).json()["items"]
    assert [(d["day"], d["kind"]) for d in days][:3] == [(f"{FAR}-01-01", "holiday"), (f"{FAR}-02-06", "holiday"),
                                                         (f"{FAR}-02-07", "holiday")]
    assert f"{FAR}-05-05" not in {d["day"] for d in days}  # the year was replaced, not added to
    status = client.get(f"/api/notification/calendar/{FAR}/status", headers=admin).json()
    assert (status["fallback"], status["entered"]) == ("entered", True)
    again = client.put(f"{YEARS}/{FAR}", json={"entries": [{"start": f"{FAR}-01-01", "kind": "holiday",
                                                             "note": "元旦"}]}, headers=admin)
    assert again.json()["holidays"] == 1
    assert client.get("/api/notification/calendar", params={"year": FAR}, headers=admin).json()["total"] == 1


def test_an_entered_spring_festival_moves_the_working_day_ladder(client: TestClient, session: Session,
                                                                 auth: Headers) -> None:
    client.put(f"{YEARS}/{FAR}", json={"text": ARRANGEMENT}, headers=auth("admin"))
    district_contacts(session)
    hazard(session, "h-1", deadline=date(FAR, 2, 5))  # the Thursday before the holiday
    tick(session, now=china(date(FAR, 2, 10)))  # three weekdays later (6, 9, 10), but inside the holiday
    assert rows(session, stage="overdue_3wd") == []
    # The working days after 5 February are now 13, 14 (a make-up Saturday) and 16 February.
    tick(session, now=china(date(FAR, 2, 14)))
    assert rows(session, stage="overdue_3wd") == []
    tick(session, now=china(date(FAR, 2, 16)))
    assert rows(session, stage="overdue_3wd") != []


def test_a_bad_line_is_named_and_nothing_changes(client: TestClient, auth: Headers) -> None:
    admin = auth("admin")
    client.put(f"{YEARS}/{FAR}", json={"text": ARRANGEMENT}, headers=admin)
    text = (f"{FAR}-01-01 holiday 元旦\n\n{FAR}-02-30 holiday\n{FAR}-03-01..{FAR}-02-01 holiday\n"
            f"{FAR}-04-04 vacation\n{FAR + 1}-01-01 holiday\nnonsense\n{FAR}-01-01 workday")
    response = client.put(f"{YEARS}/{FAR}", json={"text": text}, headers=admin)
    assert response.status_code == 422 and response.json()["code"] == "calendar_year_invalid"
    errors = response.json()["errors"]
    assert [(e["field"], e["row"]) for e in errors] == [("body.text", n) for n in (3, 4, 5, 6, 7, 8)]
    assert errors[0]["reason"].startswith("line 3:") and "not a date" in errors[0]["reason"]
    assert "before it starts" in errors[1]["reason"] and "holiday or workday" in errors[2]["reason"]
    assert f"outside {FAR}" in errors[3]["reason"] and "already given on line 1" in errors[5]["reason"]
    # the earlier arrangement stands
    assert client.get("/api/notification/calendar", params={"year": FAR}, headers=admin).json()["total"] == 16
    entries = client.put(f"{YEARS}/{FAR}", json={"entries": [{"start": f"{FAR}-02-06", "end": f"{FAR}-03-20",
                                                               "kind": "holiday"}]}, headers=admin)
    assert [(e["field"], e["row"]) for e in entries.json()["errors"]] == [("body.entries.0", 1)]
    for body in ({"text": "# nothing\n"}, {}, {"text": "x", "entries": []}):
        assert client.put(f"{YEARS}/{FAR}", json=body, headers=admin).status_code == 422
    assert client.put(f"{YEARS}/{FAR}", json={"text": ARRANGEMENT}, headers=auth("civil_affairs", "head")
                      ).status_code == 403


def test_from_the_first_of_november_the_admins_and_the_civil_affairs_head_are_told_once(
        client: TestClient, session: Session, auth: Headers, monkeypatch: pytest.MonkeyPatch) -> None:
    account(session, "admin-1", role="admin", position="staff", area=DISTRICT)
    account(session, "ca-head", role="civil_affairs", position="head", area=DISTRICT)
    account(session, "ca-staff", role="civil_affairs", position="staff", area=DISTRICT)
    account(session, "fire-head", role="fire", position="head", area=DISTRICT)
    # FAR - 1 is entered, so only next year's absence matters here.
    entered = client.put(f"{YEARS}/{FAR - 1}", json={"text": f"{FAR - 1}-01-01 holiday"}, headers=auth("admin"))
    assert entered.status_code == 200
    assert notices.check(session, now=_china_noon(date(FAR - 1, 10, 31))) == 0
    assert notices.check(session, now=_china_noon(date(FAR - 1, 11, 1))) == 2
    told = rows(session, rule_key="calendar.year")
    assert [(row.recipient, row.channel, row.subject) for row in told] == [
        ("account:admin-1", "inbox", f"calendar:{FAR}"), ("account:ca-head", "inbox", f"calendar:{FAR}")]
    assert told[0].link == "/notification/settings?tab=calendar" and f"{FAR}年节假日安排尚未录入" in told[0].title
    assert told[1].link is None  # the civil-affairs head cannot open the settings; it is asked to see it done
    assert notices.check(session, now=_china_noon(date(FAR - 1, 11, 2))) == 0  # once a year
    [warning] = notices.warnings(session, now=_china_noon(date(FAR - 1, 11, 2)))
    assert f"{FAR} is unknown" in warning
    client.put(f"{YEARS}/{FAR}", json={"text": ARRANGEMENT}, headers=auth("admin"))
    assert notices.warnings(session, now=_china_noon(date(FAR - 1, 11, 2))) == []
    assert notices.check(session, now=_china_noon(date(FAR - 1, 11, 3))) == 0


def test_healthz_warns_while_a_needed_year_is_unknown(migrated: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from eldersafe_notification.main import app

    at(monkeypatch, _china_noon(date(FAR, 11, 3)))  # neither FAR nor FAR + 1 is known
    with TestClient(app) as client:
        body = client.get("/healthz").json()
    assert body["status"] == "ok"
    unknown = [warning for warning in body["warnings"] if warning.startswith("working-day calendar")]
    assert [f"{FAR} is unknown" in unknown[0], f"{FAR + 1} is unknown" in unknown[1]] == [True, True]


def test_the_years_listing_says_which_years_are_known(client: TestClient, auth: Headers,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    at(monkeypatch, _china_noon(date(FAR, 11, 3)))
    admin = auth("admin")
    listing = client.get(YEARS, headers=admin).json()
    assert [(item["year"], item["known"], item["source"]) for item in listing["items"]] == [
        (FAR - 1, False, "unknown"), (FAR, False, "unknown"), (FAR + 1, False, "unknown")]
    assert listing["missing"] == [FAR, FAR + 1]
    client.put(f"{YEARS}/{FAR + 1}", json={"text": f"{FAR + 1}-01-01 holiday 元旦"}, headers=admin)
    assert client.get(YEARS, headers=admin).json()["missing"] == [FAR]


def test_entering_a_second_year_answers_with_that_year(client: TestClient, auth: Headers) -> None:
    """The answer to PUT …/years/{year} is that year's knowledge, not the earliest year entered (the scenario test
    entered two years in turn and was told about the first one twice)."""
    admin = auth("admin")
    client.put(f"{YEARS}/{FAR - 1}", json={"text": f"{FAR - 1}-01-01 holiday 元旦"}, headers=admin)
    second = client.put(f"{YEARS}/{FAR}", json={"text": ARRANGEMENT}, headers=admin)
    assert second.status_code == 200, second.text
    assert {key: second.json()[key] for key in ("year", "source", "holidays", "workdays")} == {
        "year": FAR, "source": "entered", "holidays": 15, "workdays": 1}


def test_an_entered_year_rules_over_the_package(client: TestClient, session: Session, auth: Headers) -> None:
    """A year's whole arrangement, once entered, is the calendar of that year even where the installed package has
    one (as the status says: fallback ``entered``): a day the package calls a holiday or a make-up workday that the
    arrangement does not list is a plain Monday-to-Friday day."""
    year = package_years()[1]
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    package_holiday = next(day for day in days if day.weekday() < 5 and not WorkingCalendar.of().is_workday(day))
    package_workday = next(day for day in days if day.weekday() >= 5 and WorkingCalendar.of().is_workday(day))
    listed = next(day for day in days if day.weekday() < 5 and day not in (package_holiday, package_workday))
    admin = auth("admin")
    entered = client.put(f"{YEARS}/{year}", json={"text": f"{listed} holiday 本地安排"}, headers=admin)
    assert entered.status_code == 200, entered.text
    assert client.get(f"/api/notification/calendar/{year}/status", headers=admin).json()["fallback"] == "entered"
    calendar = WorkingCalendar.load(session, around=listed)
    assert not calendar.is_workday(listed)
    assert calendar.is_workday(package_holiday), package_holiday
    assert not calendar.is_workday(package_workday), package_workday
    assert WorkingCalendar.load(session, around=date(year + 1, 6, 1)).is_workday(date(year + 1, 6, 1)) == (
        WorkingCalendar.of().is_workday(date(year + 1, 6, 1)))  # a year nobody entered keeps its source
