"""Open311 GeoReport v2 at /open311/v2/ (the gateway forwards /open311/ here): services, requests, tokens.

Every path ends in ``.json`` or ``.xml`` and answers in that format, errors included (see errors.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.routing import Match

from ...deps import SessionDep
from ..tips.public_router import WriterSlot
from . import service
from .errors import Open311Error, Open311Route, error_responses, not_found, open311_response
from .formats import XML_TYPE, Format, render
from .schemas import (
    Open311Discovery,
    Open311Request,
    Open311RequestCreated,
    Open311RequestForm,
    Open311Service,
    Open311ServiceDefinition,
    Open311Token,
)

PREFIX = "/open311/v2"
router = APIRouter(tags=["open311"], route_class=Open311Route)

FormatPath = Annotated[Format, Path(description="Response format: json or xml")]
ApiKey = Annotated[str | None, Query(max_length=4096, description=(
    "A city-platform access token (scope tips:read or tips:write) to read descriptions; a bearer token works too"))]
Jurisdiction = Annotated[str | None, Query(max_length=100, description="Optional: this endpoint's jurisdiction")]
# Path values: bounded, and never the "/" that would change the route.
PathValue = Annotated[str, Path(min_length=1, max_length=100)]


def _ok(status: int = 200) -> dict[int | str, dict[str, Any]]:
    # The JSON body is the response_model; the same answer in XML is a string to OpenAPI.
    return {status: {"content": {XML_TYPE.split(";")[0]: {"schema": {"type": "string"}}}}}


def _key(request: Request, api_key: str | None) -> str | None:
    # The specification passes the key as a parameter; a bearer header keeps it out of URLs (and the gateway
    # attributes the call to the client in its audit).
    if api_key:
        return api_key
    authorization = request.headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    return credentials.strip() or None if scheme.lower() == "bearer" else None


def _only(request: Request, *names: str) -> None:
    # Not eldersafe_common.validation.only_query: GeoReport v2 clients get the specification's error list (400),
    # not a problem+json 422.
    unknown = sorted({key for key in request.query_params if key not in names})
    if unknown:
        raise Open311Error(400, *[f"{key[:50]}: unknown parameter" for key in unknown])


@router.get(PREFIX + "/discovery.{fmt}", response_model=Open311Discovery, responses={**_ok(),
            **error_responses(400, 404)})
def discovery(request: Request, fmt: FormatPath) -> Response:
    """Service discovery: the specification this endpoint follows, its URL and formats."""
    _only(request)
    base = str(request.base_url).rstrip("/") + PREFIX + "/"
    return render(service.discovery(base_url=base), fmt, root="discovery")


@router.get(PREFIX + "/services.{fmt}", response_model=list[Open311Service],
            responses={**_ok(), **error_responses(400, 404)})
def list_services(request: Request, fmt: FormatPath, jurisdiction_id: Jurisdiction = None) -> Response:
    """Service list: one service per tip category (fire, food, abuse_neglect, building, unlicensed, other)."""
    _only(request, "jurisdiction_id", "api_key")
    service.check_jurisdiction(jurisdiction_id)
    return render(service.list_services(), fmt, root="services", item="service")


@router.get(PREFIX + "/services/{service_code}.{fmt}", response_model=Open311ServiceDefinition,
            responses={**_ok(), **error_responses(400, 404)})
def service_definition(request: Request, service_code: PathValue, fmt: FormatPath,
                       jurisdiction_id: Jurisdiction = None) -> Response:
    """Service definition: the attributes a request may carry (consent to be contacted about a reward)."""
    _only(request, "jurisdiction_id", "api_key")
    service.check_jurisdiction(jurisdiction_id)
    return render(service.service_definition(service_code=service_code), fmt, root="service_definition")


@router.post(PREFIX + "/requests.{fmt}", status_code=201, response_model=list[Open311RequestCreated],
             responses={**_ok(201), **error_responses(400, 403, 404, 429)},
             # The same queue as the tip page's writes (one SQLite writer per process, in arrival order).
             dependencies=[WriterSlot])
def post_request(request: Request, session: SessionDep, fmt: FormatPath,
                 form: Annotated[Open311RequestForm, Form()]) -> Response:
    """POST a service request: a tip (source open311). The notice carries the receipt code, shown once."""
    _only(request)
    service.check_jurisdiction(form.jurisdiction_id)
    principal = service.caller(_key(request, form.api_key))
    created = service.post_request(session, principal=principal, form=form)
    return render([created], fmt, root="service_requests", item="request", status=201)


@router.get(PREFIX + "/requests.{fmt}", response_model=list[Open311Request],
            responses={**_ok(), **error_responses(400, 403, 404)})
def list_requests(
    request: Request,
    session: SessionDep,
    fmt: FormatPath,
    api_key: ApiKey = None,
    jurisdiction_id: Jurisdiction = None,
    service_request_id: Annotated[str | None, Query(max_length=4000, description=(
        "Comma-separated case numbers; overrides every other filter"))] = None,
    service_code: Annotated[str | None, Query(max_length=400, description="Comma-separated service codes")] = None,
    start_date: Annotated[str | None, Query(max_length=40, description="W3C datetime with offset")] = None,
    end_date: Annotated[str | None, Query(max_length=40, description="W3C datetime with offset")] = None,
    status: Annotated[str | None, Query(max_length=20, description="open, closed or open,closed")] = None,
) -> Response:
    """GET service requests: the last 90 days by default, at most 1,000, newest first."""
    _only(request, "api_key", "jurisdiction_id", "service_request_id", "service_code", "start_date", "end_date",
          "status")
    service.check_jurisdiction(jurisdiction_id)
    principal = service.caller(_key(request, api_key))
    found = service.list_requests(session, principal=principal, service_request_id=service_request_id,
                                  service_code=service_code, start_date=start_date, end_date=end_date,
                                  status=status)
    return render(found, fmt, root="service_requests", item="request")


@router.get(PREFIX + "/requests/{service_request_id}.{fmt}", response_model=list[Open311Request],
            responses={**_ok(), **error_responses(400, 403, 404)})
def get_request(request: Request, session: SessionDep, service_request_id: PathValue, fmt: FormatPath,
                api_key: ApiKey = None, jurisdiction_id: Jurisdiction = None) -> Response:
    """GET one service request (a list of one, as the specification answers)."""
    _only(request, "api_key", "jurisdiction_id")
    service.check_jurisdiction(jurisdiction_id)
    principal = service.caller(_key(request, api_key))
    found = service.get_request(session, principal=principal, number=service_request_id)
    return render(found, fmt, root="service_requests", item="request")


@router.get(PREFIX + "/tokens/{token}.{fmt}", response_model=list[Open311Token],
            responses={**_ok(), **error_responses(400, 404)})
def get_token(request: Request, session: SessionDep, token: PathValue, fmt: FormatPath,
              jurisdiction_id: Jurisdiction = None) -> Response:
    """GET the service_request_id a token from a POST stands for."""
    _only(request, "jurisdiction_id", "api_key")
    service.check_jurisdiction(jurisdiction_id)
    found = service.get_token(session, token=token)
    return render(found, fmt, root="service_requests", item="request")


@router.api_route("/open311/{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                  include_in_schema=False)
def unknown(request: Request, rest: str) -> Response:
    """Anything else under /open311/ answers in the Open311 format too (405 when only the method is wrong)."""
    allowed = sorted({method for route in router.routes[:-1] if isinstance(route, APIRoute)
                      for method in route.methods or ()
                      if route.matches({**request.scope, "method": method})[0] is Match.FULL})
    if allowed:
        return open311_response(request, Open311Error(405, f"{request.method} is not allowed here.",
                                                      headers={"Allow": ", ".join(allowed)}))
    return open311_response(request, not_found("No such Open311 resource."))
