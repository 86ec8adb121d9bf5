from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.conftest import COMMUNITY

from ..supervision.support import FA, FB, OTHER_SUBDISTRICT, TODAY, URL, Clock, add_hazard, body, world

NOTICE = "/api/rectification/facilities/{}/rectification-notice.html"
XSS = "<script>alert(1)</script>"


@pytest.fixture
def seeded(session: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    Clock(monkeypatch, TODAY)
    world(session)
    return session


def test_notice_lists_open_hazards_escaped(seeded: Session, client: TestClient, auth) -> None:
    add_hazard(seeded, FA, description=f"灭火器过期{XSS}", measures="更换灭火器&补充", item_code="XF-03",
               deadline=TODAY + timedelta(days=5))
    add_hazard(seeded, FA, description="已销号的隐患", state="signed_off")
    add_hazard(seeded, FB, description="乙院的隐患")
    response = client.get(NOTICE.format(FA), headers=auth("fire", "staff"))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "整改通知书" in page and "甲院" in page and "鹤鸣区养老机构安全整治工作专班" in page
    assert "XF-03" in page and "GB 38600-2019 第7.3条" in page and "2026年3月15日" in page
    assert "灭火器过期&lt;script&gt;alert(1)&lt;/script&gt;" in page and XSS not in page
    assert "更换灭火器&amp;补充" in page
    assert "已销号的隐患" not in page and "乙院的隐患" not in page
    assert "@media print" in page and "size: A4" in page


def test_notice_is_area_scoped(seeded: Session, client: TestClient, auth) -> None:
    add_hazard(seeded, FA)
    assert client.get(NOTICE.format(FA), headers=auth("facility", "manager", area=COMMUNITY,
                                                      facility=FA)).status_code == 200
    for headers in (auth("subdistrict", "officer", area=OTHER_SUBDISTRICT),
                    auth("facility", "manager", area=COMMUNITY, facility=FB)):
        assert client.get(NOTICE.format(FA), headers=headers).status_code == 404
    assert client.get(NOTICE.format(FA), headers=auth("city_platform", "client")).status_code == 403
    assert client.get(NOTICE.format("0f0e0d0c-0000-4000-8000-0000000000ff"),
                      headers=auth("fire", "staff")).status_code == 404


def test_supervision_document(seeded: Session, client: TestClient, auth) -> None:
    h1 = add_hazard(seeded, FA, description=f"疏散通道堵塞{XSS}")
    h2 = add_hazard(seeded, FA, item_code="DQ-02", description="私拉乱接电线")
    response = client.post(URL, json=body(hazard_ids=[h1, h2], level="city", requirements=f"立即整改{XSS}"),
                           headers=auth("task_force", "leader"))
    order = response.json()
    response = client.get(f"{URL}/{order['id']}/document.html", headers=auth("community", "officer",
                                                                              area=COMMUNITY))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "挂牌督办单" in page and order["number"] in page and "市级挂牌督办" in page and "王督办" in page
    assert "2026年3月20日" in page and "DQ-02" in page and "私拉乱接电线" in page
    assert "疏散通道堵塞&lt;script&gt;" in page and "立即整改&lt;script&gt;" in page and XSS not in page
    assert client.get(f"{URL}/{order['id']}/document.html",
                      headers=auth("community", "officer", area=OTHER_SUBDISTRICT + "001")).status_code == 404


def test_html_routes_are_declared(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/rectification/facilities/{facility_id}/rectification-notice.html",
                 "/api/rectification/supervision-orders/{order_id}/document.html"):
        responses = paths[path]["get"]["responses"]
        assert "text/html" in responses["200"]["content"]
        assert {"401", "403", "404", "422"} <= set(responses)
