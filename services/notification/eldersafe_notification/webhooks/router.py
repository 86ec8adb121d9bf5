"""Webhook subscriptions: create (the secret is shown once), list, delete, test ping; also at the open API prefix."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.routing import APIRoute

from eldersafe_common import clock
from eldersafe_common.errors import problem_responses

from ..deps import CurrentPrincipal, SessionDep
from . import service
from .schemas import PingQueued, WebhookCreate, WebhookCreated, WebhookPage

router = APIRouter(prefix="/api/notification/webhooks", tags=["webhooks"])


@router.post("", status_code=201, response_model=WebhookCreated, responses=problem_responses(400, 401, 403, 422))
def create_subscription(data: WebhookCreate, session: SessionDep, principal: CurrentPrincipal) -> WebhookCreated:
    """Subscribe a URL to events (admin, or a city-platform client for itself); the secret is shown once."""
    return service.create(session, principal=principal, data=data, now=clock.now())


@router.get("", response_model=WebhookPage, responses=problem_responses(401, 403, 422))
def list_subscriptions(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> WebhookPage:
    """The subscriptions the caller manages (a city-platform client: its own)."""
    return service.list_subscriptions(session, principal=principal, page=page, page_size=page_size)


@router.delete("/{subscription_id}", status_code=204, response_class=Response,
               responses=problem_responses(401, 403, 404, 422))
def delete_subscription(subscription_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> Response:
    """Remove a subscription."""
    service.delete(session, principal=principal, subscription_id=str(subscription_id))
    return Response(status_code=204)


@router.post("/{subscription_id}/ping", status_code=202, response_model=PingQueued,
             responses=problem_responses(401, 403, 404, 422))
def ping_subscription(subscription_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal) -> PingQueued:
    """Queue a signed test delivery (type webhook.ping) to the subscription's URL."""
    return service.ping(session, principal=principal, subscription_id=str(subscription_id), now=clock.now())


# The city platform's open API (/api/open/v1/…) serves the same subscriptions at its own prefix: the same handlers,
# so the same rules, and operation ids that differ by their path (and name) from the ones above.
open_router = APIRouter(prefix="/api/open/v1/webhooks", tags=["open-api"])
for _route in list(router.routes):
    if isinstance(_route, APIRoute):
        open_router.add_api_route(
            _route.path.removeprefix(router.prefix), _route.endpoint, methods=sorted(_route.methods or ()),
            status_code=_route.status_code, response_model=_route.response_model, responses=_route.responses,
            response_class=_route.response_class, description=_route.description, name=f"open_{_route.name}")
