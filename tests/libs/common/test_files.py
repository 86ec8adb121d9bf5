"""The shared upload handling of inspection's photos and rectification's evidence (eldersafe_common.files)."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from eldersafe_common.files import ContentAddressedFiles, copy_limited, reencode_image


class Refused(Exception):
    pass


def _refuse() -> Exception:
    return Refused()


def test_the_same_bytes_are_stored_once_and_a_reuse_looks_new(tmp_path: Path) -> None:
    files = ContentAddressedFiles(tmp_path)
    key = files.save(b"evidence", extension="pdf")
    os.utime(files.path(key), (1_000_000, 1_000_000))
    assert files.save(b"evidence", extension="pdf") == key
    assert files.path(key).stat().st_mtime > 1_000_000
    assert files.read(key) == b"evidence"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [key.split("/")[1]]


@pytest.mark.parametrize("key", ["../outside.jpg", "/etc/passwd", "ab/../../x.png"])
def test_a_key_never_leaves_the_root(tmp_path: Path, key: str) -> None:
    with pytest.raises(FileNotFoundError):
        ContentAddressedFiles(tmp_path / "root").read(key)


def test_a_copy_stops_at_the_first_chunk_beyond_the_cap() -> None:
    target = io.BytesIO()
    assert copy_limited(io.BytesIO(b"x" * 100), target, max_bytes=100, too_large=_refuse) == 100
    with pytest.raises(Refused):
        copy_limited(io.BytesIO(b"x" * 101), io.BytesIO(), max_bytes=100, too_large=_refuse)


def test_an_image_keeps_its_pixels_and_loses_its_metadata() -> None:
    source = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (8, 4), (200, 10, 10)).save(source, format="JPEG", exif=exif)
    clean = reencode_image(io.BytesIO(source.getvalue()), not_an_image=_refuse, too_many_pixels=_refuse)
    assert (clean.content_type, clean.extension, clean.width, clean.height) == ("image/jpeg", "jpg", 8, 4)
    with Image.open(io.BytesIO(clean.data)) as image:
        assert not image.getexif()


def test_what_is_not_an_image_or_too_big_is_refused_by_the_caller_s_problem() -> None:
    with pytest.raises(Refused):
        reencode_image(io.BytesIO(b"%PDF-1.7"), not_an_image=_refuse, too_many_pixels=lambda: ValueError())
    big = io.BytesIO()
    Image.new("L", (100, 100)).save(big, format="PNG")
    with pytest.raises(Refused):
        reencode_image(io.BytesIO(big.getvalue()), not_an_image=lambda: ValueError(), too_many_pixels=_refuse,
                       max_pixels=9_999)
