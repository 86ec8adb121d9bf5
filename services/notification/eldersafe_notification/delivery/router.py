"""The inbox (the caller's own items) and the delivery log with retry."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from eldersafe_common import clock
from eldersafe_common.errors import FieldError, Invalid, problem_responses
from eldersafe_common.validation import only_query

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import Channel, DeliveryDetail, DeliveryPage, InboxItemPublic, InboxPage, ReadAll, Status, UnreadCount

inbox_router = APIRouter(prefix="/api/notification/inbox", tags=["inbox"])
deliveries_router = APIRouter(prefix="/api/notification/deliveries", tags=["deliveries"])




Page = Annotated[int, Query(ge=1, le=10_000)]
PageSize = Annotated[int, Query(ge=1, le=100)]


@inbox_router.get("", response_model=InboxPage, responses=problem_responses(401, 422),
                  dependencies=[only_query("unread", "page", "page_size")])
def list_inbox(session: SessionDep, principal: CurrentPrincipal, unread: Annotated[bool | None, Query()] = None,
               page: Page = 1, page_size: PageSize = 20) -> InboxPage:
    """The caller's inbox, newest first (``unread=true`` for unread items only)."""
    return service.inbox(session, principal=principal, unread=unread, page=page, page_size=page_size)


@inbox_router.get("/unread-count", response_model=UnreadCount, responses=problem_responses(401))
def unread_count(session: SessionDep, principal: CurrentPrincipal) -> UnreadCount:
    """How many inbox items the caller has not read (the bell)."""
    return UnreadCount(unread=service.unread_count(session, principal=principal))


@inbox_router.post("/read-all", response_model=ReadAll, responses=problem_responses(401))
def read_all(session: SessionDep, principal: CurrentPrincipal) -> ReadAll:
    """Mark every inbox item of the caller read."""
    return ReadAll(marked=service.mark_all_read(session, principal=principal, now=clock.now()))


@inbox_router.post("/{item_id}/read", response_model=InboxItemPublic, responses=problem_responses(401, 404, 422))
def read_item(item_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> InboxItemPublic:
    """Mark one of the caller's inbox items read."""
    return service.mark_read(session, principal=principal, notification_id=str(item_id), now=clock.now())


@deliveries_router.get("", response_model=DeliveryPage, responses=problem_responses(401, 403, 422),
                       dependencies=[only_query("status", "channel", "rule_key", "recipient", "from", "to",
                                                "page", "page_size")])
def list_deliveries(
    session: SessionDep,
    principal: CurrentPrincipal,
    status: Annotated[Status | None, Query()] = None,
    channel: Annotated[Channel | None, Query()] = None,
    rule_key: Annotated[str | None, Query(pattern=r"^[a-z_.]{1,64}$")] = None,
    recipient: Annotated[str | None, Query(min_length=1, max_length=200, pattern=r"^[^\x00]+$")] = None,
    created_from: Annotated[AwareDatetime | None, Query(alias="from", description="created at or after")] = None,
    created_to: Annotated[AwareDatetime | None, Query(alias="to", description="created before")] = None,
    page: Page = 1,
    page_size: PageSize = 20,
) -> DeliveryPage:
    """The delivery log inside the caller's area (admin, civil affairs head, task force leader)."""
    if created_from is not None and created_to is not None and created_to <= created_from:
        raise Invalid("The time range is empty.", code="validation_failed",
                      errors=[FieldError(field="query.to", reason="must be later than query.from")])
    return service.deliveries(session, principal=principal, status=status, channel=channel, rule_key=rule_key,
                              recipient=recipient, created_from=created_from, created_to=created_to, page=page,
                              page_size=page_size)


@deliveries_router.get("/{delivery_id}", response_model=DeliveryDetail,
                       responses=problem_responses(401, 403, 404, 422))
def get_delivery(delivery_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> DeliveryDetail:
    """One delivery with its attempts."""
    return service.delivery(session, principal=principal, notification_id=str(delivery_id))


@deliveries_router.post("/{delivery_id}/retry", response_model=DeliveryDetail,
                        responses=problem_responses(401, 403, 404, 409, 422))
def retry_delivery(delivery_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> DeliveryDetail:
    """Queue a failed delivery again, now (or an undeliverable one whose address is known now)."""
    return service.retry(session, principal=principal, notification_id=str(delivery_id), now=clock.now())
