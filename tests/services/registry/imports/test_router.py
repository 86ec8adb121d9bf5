from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, func, select

from eldersafe_common import clock
from eldersafe_registry.imports.columns import EXPORT_ONLY
from eldersafe_registry.models import Facility
from tests.services.registry.helpers import HEADERS, World, events, make_uscc, row, workbook

BASE = "/api/registry/facilities"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
def upload(client: TestClient, headers: dict, content: bytes, name: str = "facilities.xlsx") -> Any:
    return client.post(f"{BASE}/import", headers=headers, files={"file": (name, content, XLSX)})


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Facility)).one()


def test_template_has_the_headers_and_an_example(client: TestClient, civil: dict) -> None:
    response = client.get(f"{BASE}/import-template", headers=civil)
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    assert "attachment" in response.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 2


def test_a_valid_workbook_is_imported_with_one_event_per_row(client: TestClient, session: Session, world: World,
                                                             civil: dict) -> None:
    before = count(session)
    response = upload(client, civil, workbook(row(name="甲院"), row(name="乙院", ownership="公建民营"), [None] * 18))
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": 2}
    assert count(session) == before + 2
    imported = session.exec(select(Facility).where(Facility.name == "乙院")).one()
    assert imported.ownership == "public_private" and imported.legal_representative_phone == "13900001234"
    assert imported.structure == "brick_concrete"
    assert len(events(session, subject=f"facility:{imported.id}", type_="facility.registered")) == 1


def test_any_bad_cell_imports_nothing_and_names_every_cell(client: TestClient, session: Session, world: World,
                                                           civil: dict) -> None:
    duplicate = make_uscc()
    content = workbook(
        row(name="好院"),
        row(uscc="52999001A4C123B10G"),  # row 3: wrong check character
        row(community_code="999001009001", licensed_beds=-3),  # row 4: unknown community, negative beds
        row(uscc=duplicate), row(uscc=duplicate),  # rows 5, 6: duplicate within the file
        row(uscc=world.own.uscc),  # row 7: already registered
        row(ownership="国营", manager=None, building__floors="三"),  # row 8
        row(community_code="999001002001"),  # row 9: community outside the sub-district
    )
    before, events_before = count(session), len(events(session))
    response = upload(client, civil, content)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    cells = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert cells == {
        (3, "统一社会信用代码"), (4, "社区编码"), (4, "核定床位"), (6, "统一社会信用代码"), (7, "统一社会信用代码"),
        (8, "性质(公办/民办/公建民营)"), (8, "负责人"), (8, "楼层数"), (9, "社区编码"),
    }
    assert all(e["field"] and e["reason"] for e in response.json()["errors"])
    assert count(session) == before and len(events(session)) == events_before


def test_header_must_match(client: TestClient, civil: dict, world: World) -> None:
    headers = [h for h in HEADERS if h != "机构名称"] + ["备注"]
    response = upload(client, civil, workbook(headers=headers))
    assert response.status_code == 422
    assert {(e["row"], e["column"]) for e in response.json()["errors"]} == {(1, "机构名称"), (1, "备注")}


def test_an_empty_workbook_is_422(client: TestClient, civil: dict) -> None:
    assert upload(client, civil, workbook()).status_code == 422


@pytest.mark.parametrize("content", [
    b"name,uscc\n\xe6\x9d\xbe,52999001A4C123B10F\n",  # a CSV renamed .xlsx
    b"PK\x03\x04 not really a zip",
    b"",
])
def test_non_xlsx_content_is_415(client: TestClient, civil: dict, content: bytes) -> None:
    response = upload(client, civil, content)
    assert response.status_code == 415, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_a_zip_that_is_not_a_workbook_is_415(client: TestClient, civil: dict) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert upload(client, civil, buffer.getvalue()).status_code == 415


def test_oversize_file_is_413(client: TestClient, civil: dict) -> None:
    response = upload(client, civil, b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


def test_too_many_rows_is_413(client: TestClient, session: Session, civil: dict, world: World) -> None:
    before = count(session)
    response = upload(client, civil, workbook(*[row() for _ in range(2001)]))
    assert response.status_code == 413 and response.json()["code"] == "too_many_rows"
    assert count(session) == before


def test_import_needs_a_file(client: TestClient, civil: dict) -> None:
    assert client.post(f"{BASE}/import", headers=civil).status_code == 422


def test_export_round_trip(client: TestClient, session: Session, world: World, civil: dict) -> None:
    response = client.get(f"{BASE}/export", headers=civil, params={"sort": "name"})
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"].startswith('attachment; filename="facilities-')
    book = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0] == HEADERS + list(EXPORT_ONLY)
    exported = {r[0]: r for r in rows[1:]}
    assert set(exported) == {"松鹤颐养院", "竹园老年公寓", "福星敬老院"}  # the other district is outside the area
    own = exported["松鹤颐养院"]
    column = dict(zip(rows[0], own, strict=True))
    assert own[1] == world.own.uscc and own[2] == "民办" and column["入住老人数"] == 1
    # Chinese for people, the codes in the last columns for machines (issue 11); the time is China time.
    assert (column["运营状态"], column["status"], column["ownership"]) == ("运营", "operating", "private")
    assert rows[0][-2:] == ["status", "ownership"]
    # The time is printed in China time: what the screens show, not UTC (which would read 8 hours early).
    session.refresh(world.own)
    china = world.own.updated_at.astimezone(clock.CHINA).replace(tzinfo=None)
    assert abs(column["更新时间（北京时间）"] - china) < timedelta(seconds=1)
    # The same sheet, re-keyed, registers three new facilities.
    for values in rows[1:]:
        values[0], values[1] = f"{values[0]}（二）", make_uscc()
    assert upload(client, civil, workbook(*rows[1:], headers=rows[0])).json() == {"imported": 3}


def test_export_applies_filters(client: TestClient, world: World, civil: dict) -> None:
    response = client.get(f"{BASE}/export", headers=civil, params={"community_code": "999001002001"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["福星敬老院"]
