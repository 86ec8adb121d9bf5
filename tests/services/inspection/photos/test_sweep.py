import io
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session, select

from eldersafe_common import clock
from eldersafe_inspection.photo_sweep import repository as sweep_repository
from eldersafe_inspection.photo_sweep import sweep
from eldersafe_inspection.photos.models import Photo
from eldersafe_inspection.photos.storage import LocalPhotoStorage
from eldersafe_inspection.tipoffs.tips.images import PhotoUpload
from eldersafe_inspection.tipoffs.tips.intake import submit_tip
from eldersafe_inspection.tipoffs.tips.models import TipPhoto
from eldersafe_inspection.tipoffs.tips.public_schemas import TipSubmission

from ..inspections.helpers import URL, World, create_body, passing, upload

GRACE = timedelta(hours=24)
DESCRIPTION = "院内消防通道被杂物堵塞，灭火器已过期，夜间无人值守。"


def _png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(out, format="PNG")
    return out.getvalue()


def _run(session: Session, storage: LocalPhotoStorage) -> tuple[int, sweep.FileSweep]:
    """What the worker does, inside the test's transaction: rows first (committed), then each shard."""
    before = clock.now() - GRACE
    rows = sweep.remove_unattached_photos(session, before=before)
    session.commit()
    files = sweep.FileSweep()
    for shard in sweep.shards(storage.root):
        files += sweep.sweep_shard(session, shard=shard, before=before)
    return rows, files


def _age_file(path: Path, hours: float = 25) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def _age_row(session: Session, photo_id: str, hours: float = 25) -> None:
    photo = session.get(Photo, photo_id)
    assert photo is not None
    photo.uploaded_at = clock.now() - timedelta(hours=hours)
    session.add(photo)
    session.commit()


def _key(session: Session, photo_id: str) -> str:
    photo = session.get(Photo, photo_id)
    assert photo is not None
    return photo.storage_key


def _photo_ids(session: Session) -> set[str]:
    return set(session.exec(select(Photo.id)))


def _files(storage: LocalPhotoStorage) -> set[str]:
    return {str(p.relative_to(storage.root)) for p in storage.root.rglob("*") if p.is_file()}


def _intake(session: Session, storage: LocalPhotoStorage, *images: bytes) -> str:
    tip, _receipt = submit_tip(
        session, data=TipSubmission(category="fire", description=DESCRIPTION, location="和平路 12 号"),
        photos=[PhotoUpload(filename=f"{i}.png", stream=io.BytesIO(data)) for i, data in enumerate(images)],
        source="web", client_id=None, storage=storage)
    return tip.id


def _tip(session: Session, storage: LocalPhotoStorage, *images: bytes) -> list[TipPhoto]:
    tip_id = _intake(session, storage, *images)
    session.commit()
    return list(session.exec(select(TipPhoto).where(TipPhoto.tip_id == tip_id)))


def test_an_unattached_photo_past_the_grace_goes_with_its_file(session: Session, client: TestClient, auth: Any,
                                                               storage: LocalPhotoStorage) -> None:
    old, young = upload(client, auth("fire", "staff"), _png((1, 2, 3))), upload(client, auth("fire", "staff"))
    old_key, young_key = _key(session, old), _key(session, young)
    _age_row(session, old)
    _age_file(storage.root / old_key)

    rows, files = _run(session, storage)

    assert rows == 1 and (files.removed, files.young) == (1, 1)
    assert files.removed_bytes > 0
    assert _photo_ids(session) >= {young} and old not in _photo_ids(session)
    assert _files(storage) == {young_key}


def test_a_file_left_by_a_failed_tip_intake_goes_after_the_grace(session: Session,
                                                                 storage: LocalPhotoStorage) -> None:
    # The intake writes its photos inside its transaction; a commit that fails leaves the file alone on disk.
    failed = session.begin_nested()
    _intake(session, storage, _png((200, 0, 0)))
    failed.rollback()
    (orphan,) = _files(storage)
    assert session.exec(select(TipPhoto).where(TipPhoto.storage_key == orphan)).first() is None

    # Still within the grace (it could be an upload in flight): kept.
    assert _run(session, storage)[1] == sweep.FileSweep(young=1)
    assert _files(storage) == {orphan}

    _age_file(storage.root / orphan)
    assert _run(session, storage)[1].removed == 1
    assert _files(storage) == set()


def test_old_files_a_row_holds_stay(session: Session, client: TestClient, auth: Any, storage: LocalPhotoStorage,
                                    world: World) -> None:
    fire = auth("fire", "staff")
    attached = upload(client, fire, _png((0, 90, 0)))
    inspection_id = client.post(URL, json=create_body(world), headers=fire).json()["id"]
    client.put(f"{URL}/{inspection_id}/answers", json={"answers": passing(world, "F4", F4=[attached])},
               headers=fire).raise_for_status()
    (tip_photo,) = _tip(session, storage, _png((0, 0, 90)))
    _age_row(session, attached, hours=24 * 30)
    for name in _files(storage):
        _age_file(storage.root / name, hours=24 * 30)

    rows, files = _run(session, storage)

    assert rows == 0 and files == sweep.FileSweep(referenced=2)
    assert _files(storage) == {_key(session, attached), tip_photo.storage_key}
    assert attached in _photo_ids(session)


def test_a_shared_file_stays_while_one_row_holds_it(session: Session, client: TestClient, auth: Any,
                                                    storage: LocalPhotoStorage) -> None:
    data = _png((7, 7, 7))
    first, second = upload(client, auth("fire", "staff"), data), upload(client, auth("fire", "head"), data)
    key = _key(session, first)
    assert _key(session, second) == key
    _age_row(session, first)
    _age_file(storage.root / key)

    rows, files = _run(session, storage)
    assert rows == 1 and files == sweep.FileSweep(referenced=1)
    assert _files(storage) == {key} and second in _photo_ids(session)

    _age_row(session, second)
    rows, files = _run(session, storage)
    assert rows == 1 and files.removed == 1
    assert _files(storage) == set()


def test_a_tip_photo_keeps_the_file_of_a_removed_inspection_photo(session: Session, client: TestClient, auth: Any,
                                                                  storage: LocalPhotoStorage) -> None:
    # Both tables are asked: the same cleaned bytes from a tip and an inspection upload share one file.
    data = _png((30, 60, 90))
    unattached = upload(client, auth("fire", "staff"), data)
    (tip_photo,) = _tip(session, storage, data)
    assert tip_photo.storage_key == _key(session, unattached)
    _age_row(session, unattached)
    _age_file(storage.root / tip_photo.storage_key, hours=48)

    rows, files = _run(session, storage)

    assert rows == 1 and unattached not in _photo_ids(session)
    assert files == sweep.FileSweep(referenced=1)
    assert _files(storage) == {tip_photo.storage_key}


def test_a_file_an_upload_reuses_during_the_sweep_stays(session: Session, client: TestClient, auth: Any,
                                                        storage: LocalPhotoStorage,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # An orphan that is old when listed; before the sweep acts, an upload of the same bytes reuses the file and
    # its row is not committed yet (the sweep cannot see it). The reuse makes the file new again, so it stays.
    data = _png((5, 150, 5))
    photo_id = upload(client, auth("fire", "staff"), data)
    key = _key(session, photo_id)
    session.delete(session.get(Photo, photo_id))
    session.commit()
    _age_file(storage.root / key)
    asked = sweep_repository.referenced_keys

    def upload_meanwhile(s: Session, keys: Any) -> set[str]:
        storage.save(data, extension="png")
        return asked(s, keys)

    monkeypatch.setattr(sweep_repository, "referenced_keys", upload_meanwhile)
    _rows, files = _run(session, storage)

    assert files == sweep.FileSweep(young=1)
    assert _files(storage) == {key}


def test_a_swept_file_is_written_again_by_the_next_upload(storage: LocalPhotoStorage) -> None:
    data = _png((9, 9, 200))
    key = storage.save(data, extension="png")
    (storage.root / key).unlink()
    assert storage.save(data, extension="png") == key
    assert storage.read(key) == data


def test_only_files_of_the_storage_s_shape_are_swept(session: Session, storage: LocalPhotoStorage) -> None:
    digest = "ab" + "0" * 62
    shard = storage.root / "ab"
    shard.mkdir(parents=True)
    stray = [storage.root / "notes.txt", shard / "readme.txt", shard / f"{'cd' + '0' * 62}.jpg",
             shard / f"{digest}.gif", storage.root / "zz" / f"{digest}.jpg"]
    leftovers = [shard / ".upload-k2j4", shard / ".sweep-1f2e"]
    fresh_temp = shard / ".upload-inflight"
    orphan = shard / f"{digest}.jpg"
    for path in [*stray, *leftovers, fresh_temp, orphan]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 10)
    for path in [*stray, *leftovers, orphan]:
        _age_file(path, hours=24 * 400)

    _rows, files = _run(session, storage)

    assert (files.removed, files.removed_bytes) == (3, 30)
    remaining = {p for p in storage.root.rglob("*") if p.is_file()}
    assert remaining == {*stray, fresh_temp}


def test_no_photo_folder_yet_is_nothing_to_sweep(session: Session, tmp_path: Path) -> None:
    assert sweep.shards(tmp_path / "absent") == []


def test_the_cutoff_is_strict(session: Session, storage: LocalPhotoStorage) -> None:
    # A file last written exactly at the cutoff is still inside the grace.
    key = storage.save(_png((1, 1, 1)), extension="png")
    path, at = storage.root / key, int(time.time()) - 3600
    os.utime(path, (at, at))
    (shard,) = sweep.shards(storage.root)
    cutoff = datetime.fromtimestamp(at, UTC)
    assert sweep.sweep_shard(session, shard=shard, before=cutoff) == sweep.FileSweep(young=1)
    assert sweep.sweep_shard(session, shard=shard, before=cutoff + timedelta(seconds=1)).removed == 1
    assert not path.exists()


def test_a_file_another_replica_removed_meanwhile_counts_for_neither(session: Session, storage: LocalPhotoStorage,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    key = storage.save(_png((77, 0, 77)), extension="png")
    _age_file(storage.root / key)
    asked = sweep_repository.referenced_keys

    def removed_meanwhile(s: Session, keys: Any) -> set[str]:
        (storage.root / key).unlink()
        return asked(s, keys)

    monkeypatch.setattr(sweep_repository, "referenced_keys", removed_meanwhile)
    assert _run(session, storage)[1] == sweep.FileSweep()
    assert _files(storage) == set()
