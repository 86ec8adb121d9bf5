import io
import re
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import ExifTags, Image
from sqlmodel import Session, select

from eldersafe_common.events import EventRecord
from eldersafe_inspection.photos.storage import LocalPhotoStorage
from eldersafe_inspection.tipoffs.tips import crypto, receipts
from eldersafe_inspection.tipoffs.tips.models import Tip, TipPhoto
from tests.conftest import COMMUNITY

from ...inspections.helpers import jpeg_with_gps
from .public_support import (
    DESCRIPTION,
    TIPS,
    add_target,
    count_tips,
    facility,
    storage,
    submit,
    tip_by_number,
)

__all__ = ["facility", "storage"]  # fixtures


def _png(size: tuple[int, int] = (20, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 90, 0)).save(out, format="PNG")
    return out.getvalue()


def _events(session: Session, type_: str) -> list[EventRecord]:
    return list(session.exec(select(EventRecord).where(EventRecord.type == type_).order_by(EventRecord.id)))


def test_a_tip_is_received_with_a_16_digit_receipt_and_an_event(session: Session, client: TestClient,
                                                                facility: str) -> None:
    response = submit(client, facility_id=facility, latitude="39.91", longitude="116.40")
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    body = response.json()
    assert re.fullmatch(r"[0-9]{16}", body["receipt"])
    assert re.fullmatch(r"JB-20[0-9]{2}-[0-9]{6}", body["number"])
    assert body["status"] == "received"
    tip = tip_by_number(session, body["number"])
    assert (tip.facility_name, tip.area_code, tip.source, tip.latitude) == ("幸福养老院", COMMUNITY, "web", 39.91)
    assert tip.receipt_hash == receipts.receipt_hash(body["receipt"]) and len(tip.receipt_hash) == 64
    (event,) = [e for e in _events(session, "tip.received") if e.payload["tip_id"] == tip.id]
    assert event.subject == f"tip:{tip.id}"
    payload = dict(event.payload)
    assert datetime.fromisoformat(payload.pop("created_at")) == tip.created_at
    assert payload == {"tip_id": tip.id, "number": tip.number, "category": "fire", "facility_id": facility,
                       "area_code": COMMUNITY, "source": "web", "possible_duplicate_of": None}


def test_the_receipt_is_shown_once_and_stored_nowhere_readable(session: Session, client: TestClient,
                                                              facility: str) -> None:
    spy = {"X-Forwarded-For": "203.0.113.77", "X-Real-IP": "203.0.113.78", "User-Agent": "SpyPhone/9.9 (Leak)",
           "Referer": "https://leak.example/ref", "Cookie": "session=cookie-leak"}
    response = submit(client, headers=spy, facility_id=facility, contact="13800138000", contact_consent="true")
    assert response.status_code == 201, response.text
    receipt = response.json()["receipt"]
    tip = tip_by_number(session, response.json()["number"])
    stored = " ".join(str(value) for value in tip.model_dump().values())
    for secret in (receipt, "203.0.113", "SpyPhone", "leak.example", "cookie-leak", "13800138000"):
        assert secret not in stored
    events = " ".join(str(e.payload) for e in _events(session, "tip.received"))
    assert receipt not in events and "13800138000" not in events
    # The contact is readable with the key and for this tip only.
    assert tip.contact_consent and tip.contact_ciphertext is not None
    assert crypto.decrypt_contact(tip.contact_ciphertext, tip_id=tip.id) == "13800138000"
    with pytest.raises(crypto.ContactUnreadable):
        crypto.decrypt_contact(tip.contact_ciphertext, tip_id="another-tip")
    # The status answer never repeats the receipt.
    view = client.post(f"{TIPS}/status", json={"receipt": receipt})
    assert view.status_code == 200 and receipt not in view.text


def test_a_location_alone_goes_to_the_district(session: Session, client: TestClient) -> None:
    response = submit(client, category="unlicensed", location="幸福路口东侧居民楼二层，挂牌“托老所”")
    assert response.status_code == 201, response.text
    tip = tip_by_number(session, response.json()["number"])
    assert (tip.facility_id, tip.area_code, tip.category) == (None, "999001", "unlicensed")


@pytest.mark.parametrize(("fields", "field", "code"), [
    ({"description": "太短了"}, "body.description", "validation_failed"),
    ({"description": "很" * 2001}, "body.description", "validation_failed"),
    ({"location": "路" * 301}, "body.location", "validation_failed"),
    ({"category": "noise"}, "body.category", "validation_failed"),
    ({"category": None, "description": DESCRIPTION}, "body.category", "validation_failed"),
    ({"contact": "13800138000"}, "body.contact_consent", "contact_consent_required"),
    ({"contact": "13800138000", "contact_consent": "false"}, "body.contact_consent", "contact_consent_required"),
    ({"contact": "1" * 101, "contact_consent": "true"}, "body.contact", "validation_failed"),
    ({"latitude": "39.9"}, "body.longitude", "coordinates_incomplete"),
    ({"longitude": "116.4"}, "body.latitude", "coordinates_incomplete"),
    ({"latitude": "91", "longitude": "116.4"}, "body.latitude", "validation_failed"),
    ({"latitude": "nan", "longitude": "116.4"}, "body.latitude", "validation_failed"),
    ({"latitude": "north", "longitude": "116.4"}, "body.latitude", "validation_failed"),
    ({"description": "院内消防通道\x00被杂物堵塞很久了"}, "body.description", "validation_failed"),
    ({"contact_consent": "maybe"}, "body.contact_consent", "validation_failed"),
    ({"reporter_ip": "1.2.3.4"}, "body.reporter_ip", "validation_failed"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(
        session: Session, client: TestClient, facility: str, fields: dict[str, Any], field: str, code: str) -> None:
    before, events_before = count_tips(session), len(_events(session, "tip.received"))
    data = {"category": "fire", "description": DESCRIPTION, "facility_id": facility, **fields}
    response = client.post(TIPS, data={k: v for k, v in data.items() if v is not None})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    problem = response.json()
    assert problem["code"] == code
    assert field in [error["field"] for error in problem["errors"]]
    assert (count_tips(session), len(_events(session, "tip.received"))) == (before, events_before)


def test_neither_facility_nor_location_is_refused(session: Session, client: TestClient) -> None:
    response = submit(client)
    assert response.status_code == 422
    assert response.json()["code"] == "facility_or_location_required"
    assert response.json()["errors"][0]["field"] == "body.location"


@pytest.mark.parametrize("status", ["deregistered", None])
def test_an_unknown_or_deregistered_facility_is_refused(session: Session, client: TestClient,
                                                        status: str | None) -> None:
    facility_id = add_target(session, status=status) if status else "7d0f2c55-0000-4000-8000-000000000000"
    before = count_tips(session)
    response = submit(client, facility_id=facility_id)
    assert response.status_code == 422, response.text
    assert (response.json()["code"], response.json()["errors"][0]["field"]) == ("facility_not_found",
                                                                                "body.facility_id")
    assert count_tips(session) == before


def test_photos_are_stored_without_exif_or_gps(session: Session, client: TestClient, facility: str,
                                               storage: LocalPhotoStorage) -> None:
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as source:  # the test image really carries GPS
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    response = submit(client, facility_id=facility,
                      files=[("photos", ("scene.jpg", original, "image/jpeg")),
                             ("photos", ("b.png", _png(), "image/png"))])
    assert response.status_code == 201, response.text
    tip = tip_by_number(session, response.json()["number"])
    photos = list(session.exec(select(TipPhoto).where(TipPhoto.tip_id == tip.id).order_by(TipPhoto.content_type)))
    assert [(p.content_type, p.width, p.height) for p in photos] == [("image/jpeg", 64, 48), ("image/png", 20, 10)]
    stored = (storage.root / photos[0].storage_key).read_bytes()
    assert photos[0].size == len(stored)
    with Image.open(io.BytesIO(stored)) as clean:
        assert clean.format == "JPEG" and not clean.getexif() and "exif" not in clean.info
    assert b"Exif" not in stored and b"TestCam" not in stored


@pytest.mark.parametrize(("files", "field", "code", "status"), [
    ([("photos", ("x.jpg", b"not an image at all", "image/jpeg"))], "body.photos.0", "not_an_image", 422),
    ([("photos", ("a.png", _png(), "image/png")), ("photos", ("x.gif", b"GIF89a\x01\x00", "image/gif"))],
     "body.photos.1", "not_an_image", 422),
    ([("photos", ("e.jpg", b"", "image/jpeg"))], "body.photos.0", "not_an_image", 422),
    ([("photos", (f"{i}.png", _png(), "image/png")) for i in range(6)], "body.photos", "too_many_photos", 422),
    ([("photos", ("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024), "image/png"))], "body.photos.0",
     "photo_too_large", 422),
])
def test_bad_photos_are_refused_and_nothing_is_stored(
        session: Session, client: TestClient, facility: str, storage: LocalPhotoStorage,
        files: list[Any], field: str, code: str, status: int) -> None:
    before = count_tips(session)
    response = submit(client, facility_id=facility, files=files)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert response.json()["errors"][0]["field"] == field
    assert count_tips(session) == before
    assert not storage.root.exists() or not any(storage.root.rglob("*.*"))


def test_a_body_beyond_the_cap_is_refused_with_413(client: TestClient, facility: str) -> None:
    files = [("photos", (f"{i}.png", b"0" * (5 * 1024 * 1024), "image/png")) for i in range(5)]
    files.append(("photos", ("extra.png", b"0" * (1024 * 1024), "image/png")))
    response = submit(client, facility_id=facility, files=files)
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "tip_too_large"
    assert response.headers["cache-control"] == "no-store"


def test_numbers_follow_each_other(session: Session, client: TestClient, facility: str) -> None:
    first = submit(client, facility_id=facility).json()["number"]
    second = submit(client, location="某小区 3 号楼").json()["number"]
    assert first[:8] == second[:8]
    assert int(second[8:]) == int(first[8:]) + 1


def test_an_unused_tip_source_is_a_programming_error(session: Session) -> None:
    from eldersafe_inspection.tipoffs.tips.intake import submit_tip
    from eldersafe_inspection.tipoffs.tips.public_schemas import TipSubmission

    with pytest.raises(ValueError, match="source"):
        submit_tip(session, data=TipSubmission(category="fire", description=DESCRIPTION, location="某地"),
                   photos=[], source="email", client_id=None)
    assert session.exec(select(Tip).where(Tip.source == "email")).first() is None
