"""Evidence uploads: accepted types, metadata stripped, type judged from content, size cap, reading back."""

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session

from eldersafe_rectification.ledger import evidence
from eldersafe_rectification.ledger.models import Hazard
from eldersafe_rectification.main import app
from tests.conftest import COMMUNITY

from .support import FACILITY, new_hazard

OUTSIDE = "999001002001"  # another community of the same subdistrict
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def store(client: TestClient, tmp_path: Path) -> Iterator[evidence.EvidenceStore]:
    store = evidence.EvidenceStore(tmp_path / "evidence")
    app.dependency_overrides[evidence.get_evidence_store] = lambda: store
    yield store
    app.dependency_overrides.pop(evidence.get_evidence_store, None)


def committed(session: Session, **fields: object) -> Hazard:
    """A hazard committed (to a savepoint), so that a refused request's rollback keeps it."""
    hazard = new_hazard(session, **fields)
    session.commit()
    return hazard


def manager(auth: Callable[..., dict[str, str]]) -> dict[str, str]:
    return auth("facility", "manager", area=COMMUNITY, facility=FACILITY, subject="s-manager")


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (32, 24), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "ShadyCam"  # Make
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the fixture really carries GPS
        assert check.getexif().get_ifd(0x8825)
    return data


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "secret location 39.9N 116.4E")
    exif = Image.Exif()
    exif[0x010F] = "ShadyCam"
    out = io.BytesIO()
    Image.new("RGBA", (16, 16), (0, 0, 255, 128)).save(out, format="PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def upload(client: TestClient, headers: dict[str, str], hazard_id: str, name: str, data: bytes,
           mime: str = "application/octet-stream") -> httpx.Response:
    return client.post(f"/api/rectification/hazards/{hazard_id}/evidence", files={"file": (name, data, mime)},
                       data={"note": "整改后照片"}, headers=headers)


def test_pdf_is_accepted_as_sent_and_read_back(session: Session, client: TestClient, auth, store) -> None:
    hazard = committed(session)
    response = client.post(f"/api/rectification/hazards/{hazard.id}/evidence",
                           files={"file": ("report.pdf", PDF, "application/pdf")}, headers=manager(auth))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["content_type"] == "application/pdf" and body["size"] == len(PDF)
    back = client.get(f"/api/rectification/hazards/{hazard.id}/evidence/{body['id']}", headers=auth("fire"))
    assert back.status_code == 200
    assert back.headers["content-type"] == "application/pdf" and back.content == PDF
    assert back.headers["x-content-type-options"] == "nosniff"
    detail = client.get(f"/api/rectification/hazards/{hazard.id}", headers=auth("fire")).json()
    assert [row["id"] for row in detail["evidence"]] == [body["id"]]
    assert "evidence_uploaded" in [row["action"] for row in detail["history"]]


def test_jpeg_loses_exif_and_gps(session: Session, client: TestClient, auth, store) -> None:
    hazard = committed(session)
    data = jpeg_with_gps()
    response = client.post(f"/api/rectification/hazards/{hazard.id}/evidence",
                           files={"file": ("photo.png", data, "image/png")}, headers=auth("fire", "staff"))
    assert response.status_code == 201, response.text
    assert response.json()["content_type"] == "image/jpeg"  # judged from the content, not the name
    back = client.get(f"/api/rectification/hazards/{hazard.id}/evidence/{response.json()['id']}",
                      headers=manager(auth))
    assert back.status_code == 200 and back.headers["content-type"] == "image/jpeg"
    assert b"ShadyCam" not in back.content and b"Exif" not in back.content
    with Image.open(io.BytesIO(back.content)) as image:
        assert image.format == "JPEG" and image.size == (32, 24)
        assert not image.getexif() and not image.getexif().get_ifd(0x8825)


def test_png_loses_text_and_exif_but_keeps_alpha(session: Session, client: TestClient, auth, store) -> None:
    hazard = committed(session)
    response = client.post(f"/api/rectification/hazards/{hazard.id}/evidence",
                           files={"file": ("p.png", png_with_text(), "image/png")}, headers=manager(auth))
    assert response.status_code == 201, response.text
    back = client.get(f"/api/rectification/hazards/{hazard.id}/evidence/{response.json()['id']}",
                      headers=manager(auth))
    assert back.headers["content-type"] == "image/png"
    assert b"secret location" not in back.content and b"ShadyCam" not in back.content
    with Image.open(io.BytesIO(back.content)) as image:
        assert image.format == "PNG" and "A" in image.getbands()
        assert not image.text and not image.getexif()


def test_text_renamed_jpg_is_415(session: Session, client: TestClient, auth, store) -> None:
    hazard = committed(session)
    response = client.post(f"/api/rectification/hazards/{hazard.id}/evidence",
                           files={"file": ("photo.jpg", b"just some text, not a picture\n", "image/jpeg")},
                           headers=manager(auth))
    assert response.status_code == 415 and response.json()["code"] == "unsupported_evidence"
    assert client.get(f"/api/rectification/hazards/{hazard.id}", headers=auth("fire")).json()["evidence"] == []


def test_empty_file_is_415(session: Session, client: TestClient, auth, store) -> None:
    hazard = committed(session)
    response = client.post(f"/api/rectification/hazards/{hazard.id}/evidence",
                           files={"file": ("a.pdf", b"", "application/pdf")}, headers=manager(auth))
    assert response.status_code == 415


@pytest.mark.parametrize("size", [evidence.MAX_BYTES + 1, evidence.MAX_BYTES + 1024 * 1024])
def test_more_than_10_mb_is_413(session: Session, client: TestClient, auth, store, size: int) -> None:
    hazard = committed(session)
    data = b"%PDF-" + b"0" * (size - 5)
    response = client.post(f"/api/rectification/hazards/{hazard.id}/evidence",
                           files={"file": ("big.pdf", data, "application/pdf")}, headers=manager(auth))
    assert response.status_code == 413 and response.json()["code"] == "evidence_too_large"
    assert client.get(f"/api/rectification/hazards/{hazard.id}", headers=auth("fire")).json()["evidence"] == []


def test_exactly_10_mb_is_accepted(session: Session, client: TestClient, auth, store) -> None:
    hazard = committed(session)
    data = b"%PDF-" + b"0" * (evidence.MAX_BYTES - 5)
    response = client.post(f"/api/rectification/hazards/{hazard.id}/evidence",
                           files={"file": ("big.pdf", data, "application/pdf")}, headers=manager(auth))
    assert response.status_code == 201 and response.json()["size"] == evidence.MAX_BYTES


def test_evidence_outside_the_area_is_404(session: Session, client: TestClient, auth, store) -> None:
    hazard = committed(session)
    created = client.post(f"/api/rectification/hazards/{hazard.id}/evidence",
                          files={"file": ("r.pdf", PDF, "application/pdf")}, headers=manager(auth)).json()
    url = f"/api/rectification/hazards/{hazard.id}/evidence/{created['id']}"
    outsider = auth("community", "officer", area=OUTSIDE)
    assert client.get(url, headers=outsider).status_code == 404
    other_manager = auth("facility", "manager", area=COMMUNITY, facility="f-other")
    assert client.get(url, headers=other_manager).status_code == 404
    assert upload(client, auth("fire", "staff", area=OUTSIDE), hazard.id, "r.pdf", PDF).status_code == 404
    assert client.get(url, headers=auth("community", "officer", area=COMMUNITY)).status_code == 200
    # an evidence id of another hazard is not found under this one
    other = committed(session)
    assert client.get(f"/api/rectification/hazards/{other.id}/evidence/{created['id']}",
                      headers=auth("fire")).status_code == 404


def test_evidence_upload_roles_and_states(session: Session, client: TestClient, auth, store) -> None:
    hazard = committed(session)
    assert upload(client, auth("health", "staff"), hazard.id, "r.pdf", PDF).status_code == 403
    assert upload(client, auth("community", "officer", area=COMMUNITY), hazard.id, "r.pdf",
                  PDF).status_code == 403
    hazard.state = "submitted"
    session.add(hazard)
    session.commit()
    assert upload(client, manager(auth), hazard.id, "r.pdf", PDF).status_code == 409
