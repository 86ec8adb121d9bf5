from collections.abc import Iterator

from fastapi import APIRouter, FastAPI, File, UploadFile
from fastapi.testclient import TestClient

from eldersafe_common.errors import TooLarge, install_error_handlers
from eldersafe_common.uploads import capped_body_route

LIMIT = 1024


def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    router = APIRouter(route_class=capped_body_route(LIMIT, lambda: TooLarge("At most 1 kB.", code="too_big")))

    @router.post("/upload")
    async def upload(file: UploadFile = File(...)) -> dict[str, int]:
        return {"size": len(await file.read())}

    app.include_router(router)
    return TestClient(app)


def test_a_body_within_the_limit_passes() -> None:
    response = client().post("/upload", files={"file": ("a.bin", b"x" * 100)})
    assert response.status_code == 200 and response.json() == {"size": 100}


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    response = client().post("/upload", files={"file": ("a.bin", b"x" * 4096)})
    assert response.status_code == 413 and response.json()["code"] == "too_big"


def test_a_streamed_body_over_the_limit_is_refused_while_it_arrives() -> None:
    head = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n'

    def chunks() -> Iterator[bytes]:  # no content-length: only counting the arriving bytes can stop it
        yield head
        for _ in range(64):
            yield b"y" * 256
        yield b"\r\n--b--\r\n"

    response = client().post("/upload", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413 and response.json()["code"] == "too_big"
