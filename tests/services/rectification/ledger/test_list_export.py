"""The ledger list: each filter narrows exactly, sorts, paging, strict query; the xlsx export."""

import io
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_rectification.ledger.export import CODE_HEADERS, HEADERS
from eldersafe_rectification.ledger.models import Hazard
from eldersafe_rectification.ledger.overdue import today_china
from eldersafe_rectification.ledger.words import CATEGORIES
from tests.conftest import COMMUNITY

from .support import new_hazard

URL = "/api/rectification/hazards"
OUTSIDE = "999001002001"


def seed(session: Session) -> tuple[str, dict[str, Hazard]]:
    """Six hazards of a fresh campaign, differing one attribute at a time."""
    campaign = str(uuid.uuid4())
    today = today_china()

    def make(name: str, **fields: object) -> Hazard:
        return new_hazard(session, campaign_id=campaign, item_code=f"IT-{name}", **fields)

    rows = {
        "a": make("a", severity="major", department="fire", description="灭火器过期"),
        "b": make("b", severity="ordinary", department="health", description="食堂卫生差"),
        "c": make("c", severity="major", department="fire", facility_id="f-second", description="电线老化"),
        "d": make("d", severity="ordinary", department="fire", description="扶手松动"),
        "e": make("e", severity="major", department="health", description="药品过期"),
        "f": make("f", severity="ordinary", department="fire", description="门禁故障"),
    }
    deadlines = {"a": -10, "b": -3, "c": 5, "d": 20, "e": -1, "f": 40}
    states = {"a": "open", "b": "in_progress", "c": "open", "d": "submitted", "e": "accepted", "f": "signed_off"}
    found = datetime(2026, 1, 1, 2, 0, tzinfo=UTC)
    for index, (name, row) in enumerate(rows.items()):
        row.deadline = today + timedelta(days=deadlines[name])
        row.state = states[name]
        row.found_at = found + timedelta(days=index)
        session.add(row)
    session.commit()
    return campaign, rows


def ids(response: httpx.Response, rows: dict[str, Hazard]) -> list[str]:
    by_id = {row.id: name for name, row in rows.items()}
    body = response.json()
    assert response.status_code == 200, body
    return [by_id.get(item["id"], "?") for item in body["items"]]


@pytest.fixture
def ledger(session: Session) -> tuple[str, dict[str, Hazard]]:
    return seed(session)


def test_campaign_filter_gives_exactly_the_campaign(client: TestClient, auth, ledger) -> None:
    campaign, rows = ledger
    response = client.get(URL, params={"campaign_id": campaign, "page_size": 100}, headers=auth("admin"))
    assert sorted(ids(response, rows)) == ["a", "b", "c", "d", "e", "f"]
    assert response.json()["total"] == 6
    other = client.get(URL, params={"campaign_id": str(uuid.uuid4())}, headers=auth("admin")).json()
    assert other["total"] == 0 and other["items"] == []


@pytest.mark.parametrize(("params", "want"), [
    ({"facility_id": "f-second"}, ["c"]),
    ({"department": "health"}, ["b", "e"]),
    ({"department": "fire", "severity": "major"}, ["a", "c"]),
    ({"severity": "ordinary"}, ["b", "d", "f"]),
    ({"state": "open"}, ["a", "c"]),
    ({"state": "signed_off"}, ["f"]),
    ({"overdue": "true"}, ["a", "b"]),  # e is past its deadline but accepted
    ({"overdue": "false"}, ["c", "d", "e", "f"]),
    ({"state": "open", "overdue": "true"}, ["a"]),
    ({"q": "过期"}, ["a", "e"]),
    ({"q": "松鹤"}, ["a", "b", "d", "e", "f"]),  # facility name (f-second is unregistered)
    ({"q": "%"}, []),  # a LIKE wildcard is matched literally
    ({"area_code": COMMUNITY}, ["a", "b", "c", "d", "e", "f"]),
    ({"area_code": OUTSIDE}, []),
])
def test_each_filter_narrows(client: TestClient, auth, ledger, params: dict[str, str], want: list[str]) -> None:
    campaign, rows = ledger
    response = client.get(URL, params={"campaign_id": campaign, "page_size": 100, **params}, headers=auth("admin"))
    assert sorted(ids(response, rows)) == want
    assert response.json()["total"] == len(want)
    for item in response.json()["items"]:
        assert item["overdue"] == (item["id"] in {rows["a"].id, rows["b"].id})


def test_deadline_range_is_inclusive(client: TestClient, auth, ledger) -> None:
    campaign, rows = ledger
    today = today_china()
    params = {"campaign_id": campaign, "deadline_from": (today - timedelta(days=3)).isoformat(),
              "deadline_to": (today + timedelta(days=20)).isoformat()}
    assert sorted(ids(client.get(URL, params=params, headers=auth("admin")), rows)) == ["b", "c", "d", "e"]
    only_from = {"campaign_id": campaign, "deadline_from": (today + timedelta(days=5)).isoformat()}
    assert sorted(ids(client.get(URL, params=only_from, headers=auth("admin")), rows)) == ["c", "d", "f"]
    only_to = {"campaign_id": campaign, "deadline_to": (today - timedelta(days=10)).isoformat()}
    assert ids(client.get(URL, params=only_to, headers=auth("admin")), rows) == ["a"]


@pytest.mark.parametrize(("sort", "want"), [
    ("deadline", ["a", "b", "e", "c", "d", "f"]),
    ("-deadline", ["f", "d", "c", "e", "b", "a"]),
    ("found_at", ["a", "b", "c", "d", "e", "f"]),
    ("-found_at", ["f", "e", "d", "c", "b", "a"]),
    ("severity", ["b", "d", "f", "a", "e", "c"]),  # ordinary first, then by deadline
    ("-severity", ["a", "e", "c", "b", "d", "f"]),  # major first, then by deadline
])
def test_sorts(client: TestClient, auth, ledger, sort: str, want: list[str]) -> None:
    campaign, rows = ledger
    assert ids(client.get(URL, params={"campaign_id": campaign, "sort": sort}, headers=auth("admin")), rows) == want


def test_sort_updated_at_puts_the_latest_change_first(session: Session, client: TestClient, auth, ledger) -> None:
    campaign, rows = ledger
    for offset, name in enumerate(["c", "a", "f", "b", "e", "d"]):
        rows[name].updated_at = datetime(2026, 5, 1, 0, 0, tzinfo=UTC) + timedelta(hours=offset)
        session.add(rows[name])
    session.commit()
    response = client.get(URL, params={"campaign_id": campaign, "sort": "updated_at"}, headers=auth("admin"))
    assert ids(response, rows) == ["d", "e", "b", "f", "a", "c"]


def test_pagination(client: TestClient, auth, ledger) -> None:
    campaign, rows = ledger
    seen: list[str] = []
    for page in (1, 2, 3):
        body = client.get(URL, params={"campaign_id": campaign, "page": page, "page_size": 2},
                          headers=auth("admin"))
        assert body.json()["total"] == 6 and body.json()["page"] == page and body.json()["page_size"] == 2
        seen += ids(body, rows)
    assert seen == ["a", "b", "e", "c", "d", "f"]
    beyond = client.get(URL, params={"campaign_id": campaign, "page": 4, "page_size": 2}, headers=auth("admin"))
    assert beyond.json()["items"] == [] and beyond.json()["total"] == 6


@pytest.mark.parametrize("params", [
    {"page_size": "0"}, {"page_size": "101"}, {"page": "0"}, {"stat": "open"}, {"sort": "name"},
    {"severity": "minor"}, {"state": "closed"}, {"overdue": "maybe"}, {"deadline_from": "2026-13-01"},
    {"department": "army"}, {"area_code": "99x"}, {"q": ""},
])
def test_bad_query_is_422(client: TestClient, auth, params: dict[str, str]) -> None:
    assert client.get(URL, params=params, headers=auth("admin")).status_code == 422


def test_unknown_query_parameter_is_named(client: TestClient, auth) -> None:
    response = client.get(URL, params={"campaign": "x"}, headers=auth("admin"))
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["query.campaign"]


def test_page_size_100_is_allowed(client: TestClient, auth) -> None:
    assert client.get(URL, params={"page_size": 100}, headers=auth("admin")).status_code == 200


def test_the_list_stays_inside_the_callers_area(client: TestClient, auth, ledger) -> None:
    campaign, rows = ledger
    params = {"campaign_id": campaign}
    assert client.get(URL, params=params, headers=auth("community", "officer", area=OUTSIDE)).json()["total"] == 0
    assert client.get(URL, params=params, headers=auth("fire", area="999002")).json()["total"] == 0
    assert client.get(URL, params=params, headers=auth("community", "officer", area=COMMUNITY)).json()["total"] == 6
    manager = auth("facility", "manager", area=COMMUNITY, facility="f-second")
    assert ids(client.get(URL, params=params, headers=manager), rows) == ["c"]
    assert client.get(URL, headers=auth("city_platform")).status_code == 403


def read_xlsx(content: bytes) -> list[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def test_export_opens_and_holds_the_filtered_rows(client: TestClient, auth, ledger) -> None:
    campaign, rows = ledger
    response = client.get(f"{URL}/export", params={"campaign_id": campaign, "department": "fire",
                                                   "sort": "-deadline"}, headers=auth("admin"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "ledger.xlsx" in response.headers["content-disposition"]
    table = read_xlsx(response.content)
    assert list(table[0]) == HEADERS
    by_id = {row.id: name for name, row in rows.items()}
    assert [by_id[str(line[HEADERS.index("id")])] for line in table[1:]] == ["f", "d", "c", "a"]
    first = dict(zip(HEADERS, table[-1], strict=True))  # "a": overdue, open, major, fire
    # Issue 11: people read Chinese, as on the screens; the codes follow in the last columns for machines.
    assert HEADERS[:3] == ["机构", "检查项", "隐患描述"] and HEADERS[-9:] == CODE_HEADERS
    assert first["hazard_key"] == rows["a"].hazard_key and first["id"] == rows["a"].id
    assert first["机构"] == "松鹤颐养院" and first["area_code"] == COMMUNITY
    assert (first["等级"], first["状态"], first["责任部门"]) == ("重大隐患", "待整改", "消防")
    assert (first["severity"], first["state"], first["departments"]) == ("major", "open", "fire")
    assert first["是否逾期"] == "是" and first["隐患描述"] == "灭火器过期"
    assert first["类别"] == CATEGORIES[first["category"]]
    deadline = first["整改期限"]
    assert (deadline.date() if isinstance(deadline, datetime) else deadline) == rows["a"].deadline
    found = first["发现时间（北京时间）"]
    assert found == rows["a"].found_at.astimezone(clock.CHINA).replace(tzinfo=None, microsecond=found.microsecond)
    assert dict(zip(HEADERS, table[1], strict=True))["是否逾期"] == "否"


def test_export_with_nothing_matching_has_the_header_only(client: TestClient, auth) -> None:
    response = client.get(f"{URL}/export", params={"campaign_id": str(uuid.uuid4())}, headers=auth("admin"))
    assert response.status_code == 200 and read_xlsx(response.content) == [tuple(HEADERS)]


def test_export_respects_area_and_query_rules(client: TestClient, auth, ledger) -> None:
    campaign, _ = ledger
    outside = client.get(f"{URL}/export", params={"campaign_id": campaign},
                         headers=auth("community", "officer", area=OUTSIDE))
    assert read_xlsx(outside.content) == [tuple(HEADERS)]
    assert client.get(f"{URL}/export", params={"page": "1"}, headers=auth("admin")).status_code == 422
    assert client.get(f"{URL}/export", headers=auth("city_platform")).status_code == 403

