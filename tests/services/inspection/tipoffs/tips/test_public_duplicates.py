from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from eldersafe_common.events import EventRecord
from eldersafe_inspection.tipoffs.tips import duplicates

from .public_support import DESCRIPTION, add_target, facility, submit, tip_by_number

__all__ = ["facility"]  # fixtures


def test_similarity_ignores_punctuation_case_and_width() -> None:
    assert duplicates.similarity("消防通道被堵，灭火器过期！", "消防通道被堵 灭火器过期") == 1.0
    assert duplicates.similarity("Fire EXIT blocked", "fire exit   blocked.") == 1.0
    assert duplicates.similarity("ＡＢＣ通道", "abc通道") == 1.0
    assert duplicates.similarity("消防通道被杂物堵塞，灭火器已过期", "厨房卫生很差，饭菜变质有异味") < 0.2
    assert duplicates.similarity("", "abc") == 0.0


def test_a_similar_tip_about_the_same_facility_is_linked_not_dropped(session: Session, client: TestClient,
                                                                     facility: str) -> None:
    first = tip_by_number(session, submit(client, facility_id=facility).json()["number"])
    reworded = "院内的消防通道被杂物堵塞了，灭火器也过期了，夜间无人值守。"
    again = submit(client, facility_id=facility, description=reworded)
    assert again.status_code == 201
    second = tip_by_number(session, again.json()["number"])
    assert (second.possible_duplicate_of, second.status) == (first.id, "received")
    event = session.exec(select(EventRecord).where(EventRecord.subject == f"tip:{second.id}")).one()
    assert event.payload["possible_duplicate_of"] == first.id
    # A third one links to the first, the earliest of the similar ones.
    third = tip_by_number(session, submit(client, facility_id=facility).json()["number"])
    assert third.possible_duplicate_of == first.id


def test_different_words_another_facility_or_a_day_later_are_not_linked(session: Session, client: TestClient,
                                                                        facility: str) -> None:
    first = tip_by_number(session, submit(client, facility_id=facility).json()["number"])
    other_words = tip_by_number(session, submit(client, facility_id=facility, category="food",
                                                description="厨房卫生很差，饭菜变质有异味，老人吃了腹泻。").json()["number"])
    elsewhere = add_target(session, name="别院")
    other_facility = tip_by_number(session, submit(client, facility_id=elsewhere).json()["number"])
    no_facility = tip_by_number(session, submit(client, location="和平路 12 号").json()["number"])
    assert (other_words.possible_duplicate_of, other_facility.possible_duplicate_of,
            no_facility.possible_duplicate_of) == (None, None, None)
    first.created_at -= timedelta(hours=25)
    session.add(first)
    session.flush()
    later = tip_by_number(session, submit(client, facility_id=facility, description=DESCRIPTION).json()["number"])
    assert later.possible_duplicate_of is None
