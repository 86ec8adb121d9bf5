"""Public tip intake: the rules of a tip from the public, and what the holder of a receipt may read and add.

The slow work of an intake (cleaning photos, hashing the receipt) is ``prepare_tip``, which touches no database: the
web form runs it before taking the SQLite writer slot (``public_router``), and every caller runs it before the first
query, so that on SQLite the writer lock is held only for the few statements of ``record_tip``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.errors import Conflict, FieldError, Invalid, NotFound

from ...photos.service import CleanImage
from ...photos.storage import PhotoStorage, get_photo_storage
from ...settings import get_settings
from . import crypto, duplicates, events, numbering, public_repository, receipts
from .images import PhotoUpload, clean_photos
from .models import Tip, TipMessage, TipPhoto
from .public_schemas import (
    FacilityMatch,
    ReceiptHazard,
    ReceiptMessage,
    TipReceiptView,
    TipSubmission,
)

FACILITY_SEARCH_LIMIT = 20
# A thread is a conversation with a department, not a mailbox: past this the reporter is asked to call.
MAX_REPORTER_MESSAGES = 50
SOURCES = ("web", "open311")
# Computed once: a wrong receipt costs one scrypt like a right one, however malformed it was.
_NOT_A_RECEIPT = "0" * receipts.RECEIPT_DIGITS


def _invalid(field: str, reason: str, *, code: str, detail: str) -> Invalid:
    return Invalid(detail, code=code, errors=[FieldError(field=f"body.{field}", reason=reason)])


def receipt_not_found() -> NotFound:
    """The one answer to any receipt that leads nowhere (wrong, malformed or guessed alike)."""
    return NotFound("No tip has this receipt.", code="receipt_not_found")


def search_facilities(session: Session, *, q: str) -> list[FacilityMatch]:
    """Up to 20 facilities (not deregistered) whose name or address contains ``q``."""
    rows = public_repository.search_facilities(session, q=q.strip(), limit=FACILITY_SEARCH_LIMIT)
    return [FacilityMatch(facility_id=row.facility_id, name=row.name, address=row.address) for row in rows]


def check_submission(data: TipSubmission) -> None:
    """The rules across fields, each refusal naming its field (422)."""
    if data.facility_id is None and data.location is None:
        raise _invalid("location", "give facility_id or location", code="facility_or_location_required",
                       detail="Choose the facility or describe where it is.")
    if (data.latitude is None) != (data.longitude is None):
        missing = "longitude" if data.longitude is None else "latitude"
        raise _invalid(missing, "latitude and longitude go together", code="coordinates_incomplete",
                       detail="Give both latitude and longitude, or neither.")
    if data.contact is not None and not data.contact_consent:
        raise _invalid("contact_consent", "must be true when a contact is given", code="contact_consent_required",
                       detail="A contact is kept only with the reporter's consent.")


def _photo_rows(images: list[CleanImage], *, tip_id: str, storage: PhotoStorage,
                now: datetime) -> list[TipPhoto]:
    return [
        TipPhoto(id=str(uuid.uuid4()), tip_id=tip_id, storage_key=storage.save(image.data, extension=image.extension),
                 content_type=image.content_type, size=len(image.data), width=image.width, height=image.height,
                 created_at=now)
        for image in images
    ]


@dataclass(frozen=True)
class PreparedTip:
    """A submission checked, its photos cleaned and its receipt made: the slow part of an intake, which needs no
    database and so runs before the writer slot is taken (the web form) or the first statement (everyone)."""

    data: TipSubmission
    tip_id: str
    receipt: str
    receipt_hash: str
    contact_ciphertext: str | None
    photos: list[CleanImage]


def prepare_tip(*, data: TipSubmission, photos: list[PhotoUpload]) -> PreparedTip:
    """Check the fields, clean the photos, make the receipt and its hash, encrypt the contact (nothing written)."""
    check_submission(data)
    cleaned = clean_photos(photos)
    receipt = receipts.new_receipt()
    tip_id = str(uuid.uuid4())
    contact = crypto.encrypt_contact(data.contact, tip_id=tip_id) if data.contact is not None else None
    return PreparedTip(data=data, tip_id=tip_id, receipt=receipt, receipt_hash=receipts.receipt_hash(receipt),
                       contact_ciphertext=contact, photos=cleaned)


def record_tip(session: Session, *, prepared: PreparedTip, source: str, client_id: str | None,
               storage: PhotoStorage | None = None) -> tuple[Tip, str]:
    """Record a prepared tip in the caller's transaction and publish ``tip.received``; returns it and its receipt.

    The facility is checked before anything is written, so a refused tip leaves no row, file or event behind.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown tip source {source!r}")
    data = prepared.data
    facility_name, area_code = None, get_settings().tip_district_area_code
    if data.facility_id is not None:
        target = public_repository.target_facts(session, data.facility_id)
        if target is None or target.status == public_repository.DEREGISTERED:
            raise _invalid("facility_id", "no such facility", code="facility_not_found",
                           detail="The facility was not found; search again or describe the location.")
        facility_name, area_code = target.name, target.area_code

    now = clock.now()
    contact = prepared.contact_ciphertext
    tip = Tip(
        id=prepared.tip_id, number=numbering.next_number(session, now=now), receipt_hash=prepared.receipt_hash,
        source=source, client_id=client_id, category=data.category, description=data.description,
        facility_id=data.facility_id, facility_name=facility_name, location=data.location, latitude=data.latitude,
        longitude=data.longitude, area_code=area_code, status="received",
        possible_duplicate_of=duplicates.possible_duplicate_of(session, facility_id=data.facility_id,
                                                               description=data.description, now=now),
        contact_ciphertext=contact, contact_consent=contact is not None, created_at=now, updated_at=now,
    )
    rows = _photo_rows(prepared.photos, tip_id=tip.id, storage=storage or get_photo_storage(), now=now)
    public_repository.add_tip(session, tip, rows)
    events.tip_received(session, tip)
    return tip, prepared.receipt


def submit_tip(session: Session, *, data: TipSubmission, photos: list[PhotoUpload], source: str,
               client_id: str | None, storage: PhotoStorage | None = None) -> tuple[Tip, str]:
    """Record a tip from the public (web form or Open311) and publish ``tip.received``; returns it and its receipt.

    Every check runs before anything is written, so a refused tip leaves no row, file or event behind.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown tip source {source!r}")
    return record_tip(session, prepared=prepare_tip(data=data, photos=photos), source=source,
                      client_id=client_id, storage=storage)


@dataclass(frozen=True)
class ReceiptLookup:
    """A receipt as typed, hashed: whether it was well formed, and the hash to look up (made either way)."""

    well_formed: bool
    candidate_hash: str


def hash_receipt(receipt: str) -> ReceiptLookup:
    """The slow part of a receipt's use (scrypt), which needs no database: done before the writer slot."""
    digits = receipts.normalise(receipt)
    return ReceiptLookup(well_formed=digits is not None,
                         candidate_hash=receipts.receipt_hash(digits if digits is not None else _NOT_A_RECEIPT))


def _find_by_receipt(session: Session, receipt: str | ReceiptLookup) -> Tip:
    lookup = receipt if isinstance(receipt, ReceiptLookup) else hash_receipt(receipt)
    tip = public_repository.by_receipt_hash(session, lookup.candidate_hash)
    if not lookup.well_formed or tip is None or not receipts.matches(tip.receipt_hash, lookup.candidate_hash):
        raise receipt_not_found()
    return tip


def _view(session: Session, tip: Tip) -> TipReceiptView:
    duplicate_number = public_repository.number_of(session, tip.duplicate_of) if tip.duplicate_of else None
    return TipReceiptView(
        number=tip.number, category=tip.category, facility_name=tip.facility_name, location=tip.location,
        status=tip.status,  # type: ignore[arg-type]  # the column holds only TipStatus words
        created_at=tip.created_at, updated_at=tip.updated_at, outcome_note=tip.outcome_note,
        closed_reason=tip.closed_reason, duplicate_of_number=duplicate_number,
        hazards=[ReceiptHazard(title=h.title, severity=h.severity)
                 for h in public_repository.hazards(session, tip.id)],
        messages=[ReceiptMessage(author=m.author,  # type: ignore[arg-type]  # reporter / department
                                 department=m.department, body=m.body, created_at=m.created_at)
                  for m in public_repository.messages(session, tip.id)],
        reward_status=public_repository.reward_status(session, tip.id),
    )


def receipt_view(session: Session, *, receipt: str | ReceiptLookup) -> TipReceiptView:
    """What the receipt's holder may read: status, outcome, hazards found, the thread, the reward's status."""
    return _view(session, _find_by_receipt(session, receipt))


def post_reporter_message(session: Session, *, receipt: str | ReceiptLookup, body: str) -> TipReceiptView:
    """Add the reporter's message to the thread (the tip's department reads it) and return the view."""
    tip = _find_by_receipt(session, receipt)
    if public_repository.count_reporter_messages(session, tip.id) >= MAX_REPORTER_MESSAGES:
        raise Conflict("This tip's thread is full; please contact the civil affairs bureau directly.",
                       code="message_limit_reached")
    # Locked and re-read: the thread bumps no version, and its UPDATE must not meet one a triage just moved.
    session.refresh(tip, with_for_update=True)
    now = clock.now()
    tip.updated_at = now
    message = TipMessage(id=str(uuid.uuid4()), tip_id=tip.id, author="reporter", body=body, created_at=now)
    public_repository.add_message(session, message, tip)
    return _view(session, tip)
