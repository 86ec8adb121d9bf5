import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import ExifTags, Image
from sqlmodel import Session

from eldersafe_common.auth import Position, Principal, Role
from eldersafe_common.errors import TooLarge
from eldersafe_inspection.photos import service
from eldersafe_inspection.photos.models import Photo
from eldersafe_inspection.photos.storage import LocalPhotoStorage
from tests.conftest import COMMUNITY

from ..inspections.helpers import OTHER_COMMUNITY, PHOTOS, URL, World, create_body, jpeg_with_gps, passing, upload


def _stored(session: Session, storage: LocalPhotoStorage, photo_id: str) -> bytes:
    photo = session.get(Photo, photo_id)
    assert photo is not None
    return (storage.root / photo.storage_key).read_bytes()


def _image(image_format: str, **options: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA" if image_format != "JPEG" else "RGB", (40, 30), (10, 120, 200)).save(
        out, format=image_format, **options)
    return out.getvalue()


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "TestCam 3000"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (47.0, 20.0, 30.0)
    return exif


def test_a_jpeg_is_stored_without_exif_or_gps(session: Session, client: TestClient, auth: Any,
                                              storage: LocalPhotoStorage) -> None:
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as source:  # the test image really carries GPS
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    response = client.post(PHOTOS, headers=auth("fire", "staff"),
                           files={"file": ("scene.jpg", original, "image/jpeg")})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["content_type"], body["width"], body["height"], body["inspection_id"]) == ("image/jpeg", 64, 48,
                                                                                            None)
    stored = _stored(session, storage, body["id"])
    assert body["size"] == len(stored)
    with Image.open(io.BytesIO(stored)) as clean:
        assert clean.format == "JPEG"
        assert not clean.getexif() and "exif" not in clean.info
    assert b"Exif" not in stored and b"TestCam" not in stored
    # Content-addressed: the file is named by the hash of what is stored.
    photo = session.get(Photo, body["id"])
    assert photo is not None and photo.storage_key.endswith(f"{photo.sha256}.jpg")
    served = client.get(f"{PHOTOS}/{body['id']}", headers=auth("fire", "staff"))
    assert served.status_code == 200 and served.content == stored
    assert served.headers["content-type"] == "image/jpeg"


@pytest.mark.parametrize(("image_format", "content_type"), [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_are_accepted_and_stripped(session: Session, client: TestClient, auth: Any,
                                                storage: LocalPhotoStorage, image_format: str,
                                                content_type: str) -> None:
    original = _image(image_format, exif=_exif_with_gps())
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif()
    # The name and declared type are ignored: the content decides.
    response = client.post(PHOTOS, headers=auth("fire", "staff"),
                           files={"file": ("photo.jpg", original, "image/jpeg")})
    assert response.status_code == 201, response.text
    assert response.json()["content_type"] == content_type
    stored = _stored(session, storage, response.json()["id"])
    with Image.open(io.BytesIO(stored)) as clean:
        assert clean.format == image_format and not clean.getexif() and "exif" not in clean.info
    assert b"TestCam" not in stored


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    b"just some text",
    b"",
    jpeg_with_gps()[:200],  # a truncated JPEG
], ids=["pdf", "gif", "text", "empty", "truncated"])
def test_anything_but_a_jpeg_png_or_webp_is_refused(client: TestClient, auth: Any, storage: LocalPhotoStorage,
                                                    content: bytes) -> None:
    response = client.post(PHOTOS, headers=auth("fire", "staff"), files={"file": ("scan.jpg", content, "image/jpeg")})
    assert response.status_code == 415, response.text
    assert response.json()["code"] == "not_an_image"
    assert not storage.root.exists() or not any(storage.root.rglob("*.*"))


def test_a_photo_over_ten_megabytes_is_refused(client: TestClient, auth: Any, storage: LocalPhotoStorage) -> None:
    big = jpeg_with_gps() + b"\0" * (service.MAX_BYTES + 1)
    response = client.post(PHOTOS, headers=auth("fire", "staff"), files={"file": ("big.jpg", big, "image/jpeg")})
    assert response.status_code == 413
    assert response.json()["code"] == "photo_too_large"


def test_the_copy_stops_at_the_cap_without_reading_the_rest(session: Session, tmp_path: Path) -> None:
    class Endless(io.RawIOBase):
        read_bytes = 0

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            self.read_bytes += size
            return b"\xff" * size

    stream = Endless()
    principal = Principal(subject="s", name="n", role=Role.fire, position=Position.staff, area="999001",
                          department="fire")
    with pytest.raises(TooLarge):
        service.upload_photo(session, principal=principal, stream=stream, storage=LocalPhotoStorage(tmp_path),
                             max_bytes=1024 * 1024)
    assert stream.read_bytes <= 1024 * 1024 + service.CHUNK


def test_an_image_with_too_many_pixels_is_refused(client: TestClient, auth: Any, storage: LocalPhotoStorage) -> None:
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")  # a few kB that would decode to 48 million pixels
    response = client.post(PHOTOS, headers=auth("fire", "staff"),
                           files={"file": ("bomb.png", out.getvalue(), "image/png")})
    assert response.status_code == 413


def test_who_may_upload(client: TestClient, auth: Any, storage: LocalPhotoStorage, world: World) -> None:
    assert upload(client, auth("facility", "manager", area=COMMUNITY, facility=world.facility_id))
    assert upload(client, auth("admin", "staff"))
    for role, position in (("community", "officer"), ("city_platform", "client"), ("task_force", "leader")):
        response = client.post(PHOTOS, headers=auth(role, position, area=COMMUNITY),
                               files={"file": ("p.jpg", jpeg_with_gps(), "image/jpeg")})
        assert response.status_code == 403, role


def test_reading_follows_the_uploader_then_the_inspection(client: TestClient, auth: Any,
                                                          storage: LocalPhotoStorage, world: World) -> None:
    fire = auth("fire", "staff")
    photo_id = upload(client, fire)
    assert client.get(f"{PHOTOS}/{photo_id}", headers=fire).status_code == 200
    # Before it is attached only its uploader may read it.
    assert client.get(f"{PHOTOS}/{photo_id}", headers=auth("fire", "head")).status_code == 404
    inspection_id = client.post(URL, json=create_body(world), headers=fire).json()["id"]
    client.put(f"{URL}/{inspection_id}/answers", json={"answers": passing(world, "F4", F4=[photo_id])},
               headers=fire).raise_for_status()
    assert client.get(f"{PHOTOS}/{photo_id}", headers=auth("fire", "head")).status_code == 200
    assert client.get(f"{PHOTOS}/{photo_id}", headers=auth("community", "officer", area=COMMUNITY)).status_code == 200
    outside = auth("community", "officer", area=OTHER_COMMUNITY)
    assert client.get(f"{PHOTOS}/{photo_id}", headers=outside).status_code == 404
    other_manager = auth("facility", "manager", area=COMMUNITY, facility=world.outside_campaign_id)
    assert client.get(f"{PHOTOS}/{photo_id}", headers=other_manager).status_code == 404
    assert client.get(f"{PHOTOS}/00000000-0000-4000-8000-000000000000", headers=fire).status_code == 404
    assert client.get(f"{PHOTOS}/not-a-uuid", headers=fire).status_code == 422


def test_the_same_image_is_stored_once(session: Session, client: TestClient, auth: Any,
                                       storage: LocalPhotoStorage) -> None:
    data = jpeg_with_gps()
    first, second = upload(client, auth("fire", "staff"), data), upload(client, auth("fire", "head"), data)
    assert first != second
    one, two = session.get(Photo, first), session.get(Photo, second)
    assert one is not None and two is not None and one.storage_key == two.storage_key
    assert len([p for p in storage.root.rglob("*") if p.is_file()]) == 1


def test_a_body_without_a_length_is_cut_off_at_the_cap(client: TestClient, auth: Any,
                                                       storage: LocalPhotoStorage) -> None:
    boundary = "eldersafe-test-boundary"

    def chunks() -> Any:
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jpg\"\r\n"
                "Content-Type: image/jpeg\r\n\r\n").encode()
        yield head
        block = b"\xff" * (1024 * 1024)
        for _ in range(40):  # 40 MB, far past the cap, with no Content-Length announcing it
            yield block
        yield f"\r\n--{boundary}--\r\n".encode()

    headers = {**auth("fire", "staff"), "Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = client.post(PHOTOS, headers=headers, content=chunks())
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "photo_too_large"
