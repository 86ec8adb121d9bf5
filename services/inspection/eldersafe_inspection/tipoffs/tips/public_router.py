"""Public tip-offs (no login): facility search, sending a tip, and following it by receipt.

No caller identity exists here and none is recorded: no IP address, user agent or cookie is read, and the
receipt travels only in request bodies, never in a URL that proxies and browsers keep.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from ...deps import SessionDep
from ...photos.storage import PhotoStorage, get_photo_storage
from ...settings import get_settings
from . import intake
from .images import PhotoUpload
from .public_http import PublicRoute
from .public_schemas import (
    FacilityMatch,
    ReceiptQuery,
    ReporterMessageCreate,
    TipForm,
    TipReceipt,
    TipReceiptView,
)

router = APIRouter(prefix="/api/inspection/public", tags=["public tips"], route_class=PublicRoute)
StorageDep = Annotated[PhotoStorage, Depends(get_photo_storage)]
# One per event loop: an asyncio lock belongs to the loop it was first awaited in.
_sqlite_writers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


async def sqlite_writer_slot() -> AsyncIterator[None]:
    """On SQLite, one public write transaction per process at a time, from before BEGIN until after COMMIT.

    SQLite's busy handler makes a waiting writer sleep in growing steps (up to 100 ms), so a burst of tips
    queued there waits seconds at the tail; queued on this lock each starts the moment the previous commits.
    The lock is awaited on the event loop, so waiting requests hold no worker thread. Other processes still
    queue on SQLite's own lock. PostgreSQL needs none of this.
    """
    if not get_settings().is_sqlite:
        yield
        return
    lock = _sqlite_writers.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock:
        yield


# Function scope: released right after the session (entered after it) has committed, before the answer is sent.
WriterSlot = Depends(sqlite_writer_slot, scope="function")


@router.get("/facilities", response_model=list[FacilityMatch], responses=problem_responses(422, 429),
            dependencies=[only_query("q")])
def search_facilities(session: SessionDep,
                      q: Annotated[str, Query(min_length=1, max_length=50, pattern=r"^[^\x00]*[^\x00\s][^\x00]*$",
                                              description="Part of the name or address")]) -> list[FacilityMatch]:
    """Facilities whose name or address contains ``q`` (at most 20; deregistered ones are left out)."""
    return intake.search_facilities(session, q=q)


def prepared_tip(form: Annotated[TipForm, Form(media_type="multipart/form-data")]) -> intake.PreparedTip:
    """The form checked, photos cleaned and receipt hashed in a worker thread, before the writer slot is taken:
    scrypt and Pillow release the GIL, so this slow part of one tip runs beside another tip's transaction."""
    photos = [PhotoUpload(filename=upload.filename, stream=upload.file) for upload in form.photos]
    # A TipForm is a TipSubmission already validated: passed as it is, not dumped and validated again.
    return intake.prepare_tip(data=form, photos=photos)


# The parameters' order is the order FastAPI resolves them in: the slot after the slow part, the session after
# the slot (so that its commit happens before the slot is released).
@router.post("/tips", status_code=201, response_model=TipReceipt, responses=problem_responses(400, 413, 422, 429))
def submit_tip(prepared: Annotated[intake.PreparedTip, Depends(prepared_tip)], _writer: Annotated[None, WriterSlot],
               session: SessionDep, storage: StorageDep) -> TipReceipt:
    """Send a tip (multipart form). The answer holds the receipt: it is shown once and cannot be recovered."""
    tip, receipt = intake.record_tip(session, prepared=prepared, source="web", client_id=None, storage=storage)
    return TipReceipt(number=tip.number, receipt=receipt, status="received", created_at=tip.created_at)


def hashed_receipt(body: ReceiptQuery) -> intake.ReceiptLookup:
    """The receipt's scrypt in a worker thread before the writer slot is taken, as for a new tip."""
    return intake.hash_receipt(body.receipt)


def reporter_message(body: ReporterMessageCreate) -> tuple[intake.ReceiptLookup, str]:
    """The message and its hashed receipt, before the writer slot is taken."""
    return intake.hash_receipt(body.receipt), body.body


@router.post("/tips/status", response_model=TipReceiptView, responses=problem_responses(400, 404, 422, 429))
def tip_status(lookup: Annotated[intake.ReceiptLookup, Depends(hashed_receipt)], _writer: Annotated[None, WriterSlot],
               session: SessionDep) -> TipReceiptView:
    """The tip behind a receipt: status, outcome, hazards found, the thread with the department."""
    return intake.receipt_view(session, receipt=lookup)


@router.post("/tips/messages", status_code=201, response_model=TipReceiptView,
             responses=problem_responses(400, 404, 409, 422, 429))
def post_message(message: Annotated[tuple[intake.ReceiptLookup, str], Depends(reporter_message)],
                 _writer: Annotated[None, WriterSlot], session: SessionDep) -> TipReceiptView:
    """Write to the department handling the tip; answers with the updated view."""
    lookup, body = message
    return intake.post_reporter_message(session, receipt=lookup, body=body)
