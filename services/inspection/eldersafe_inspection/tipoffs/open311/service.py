"""Open311 GeoReport v2 over tips: the service list (tip categories), requests (tips) and their tokens.

A request posted here is a tip like any other (source ``open311``), taken in by the same intake as the public
page. Readers without an api_key see the case, never the reporter's words: no description, media or contact.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from eldersafe_common import clock
from eldersafe_common.auth import Principal, Role, decode_token, load_public_key, principal_from_claims
from eldersafe_common.clock import CHINA
from eldersafe_common.errors import Forbidden

from ...reports.render import DEPARTMENTS_ZH
from ...settings import get_settings
from ..tips import intake
from ..tips.models import Tip
from ..tips.public_schemas import TipSubmission
from . import repository
from .errors import Open311Error, bad_request, field_name, not_found
from .schemas import (
    Open311Attribute,
    Open311AttributeValue,
    Open311Discovery,
    Open311Endpoint,
    Open311Request,
    Open311RequestCreated,
    Open311RequestForm,
    Open311Service,
    Open311ServiceDefinition,
    Open311Token,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-30T00:00:00+08:00"
GROUP = "养老机构安全"
# service_code → (service_name, description, keywords); the codes are the tip categories.
SERVICES: dict[str, tuple[str, str, str]] = {
    "fire": ("消防安全", "养老机构的消防隐患：疏散通道堵塞、消防设施损坏、违规用火用电等。", "消防, 火灾, 疏散, 电气"),
    "food": ("食品安全", "养老机构食堂的食品安全问题：过期变质食品、无证经营食堂、卫生条件差等。", "食品, 食堂, 卫生"),
    "abuse_neglect": ("虐待或疏于照护", "老人受到虐待、体罚、遗弃，或长期无人照护。", "虐待, 照护, 老人权益"),
    "building": ("房屋建筑安全", "养老机构房屋的安全问题：危房、违章搭建、墙体开裂等。", "房屋, 危房, 建筑"),
    "unlicensed": ("无证经营", "未经备案或许可擅自收住老人的养老场所。", "无证, 备案, 非法经营"),
    "other": ("其他安全问题", "不属于以上类别的养老机构安全问题。", "其他"),
}
CONSENT = "contact_consent"
OPEN_STATUSES = ("received", "assigned")
CLOSED_STATUSES = ("duplicate", "closed", "verified", "unfounded")
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000
MAX_IDS = 100


# --- callers --------------------------------------------------------------------------------------------------


def caller(api_key: str | None) -> Principal | None:
    """The verified holder of ``api_key`` (signature, issuer, audience, expiry), or None when none was sent."""
    if not api_key:
        return None
    settings = get_settings()
    claims = decode_token(api_key, public_key=load_public_key(settings.jwt_public_key_path),
                          issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    return principal_from_claims(claims)


def may_read_descriptions(principal: Principal | None) -> bool:
    """True for a key that reads the reporters' words: scope tips:read or tips:write, or an administrator.

    Any other key is refused outright (403) rather than quietly treated as anonymous.
    """
    if principal is None:
        return False
    if principal.role is Role.admin or principal.scopes & {"tips:read", "tips:write"}:
        return True
    raise Forbidden("The api_key lacks the scope 'tips:read'.", code="scope_missing")


def require_poster(principal: Principal | None) -> None:
    """A key with scope tips:write; without a key only where the settings allow anonymous requests."""
    if principal is None:
        if not get_settings().open311_anonymous_post:
            raise Open311Error(403, "api_key is required to post a service request.")
        return
    principal.require_scope("tips:write")


def check_jurisdiction(jurisdiction_id: str | None) -> None:
    """This endpoint serves one jurisdiction: another one answers 404 (none given is fine)."""
    if jurisdiction_id is not None and jurisdiction_id != get_settings().open311_jurisdiction_id:
        raise not_found("jurisdiction_id was not found.")


# --- services -------------------------------------------------------------------------------------------------


def list_services() -> list[Open311Service]:
    """Every tip category as an Open311 service (realtime: the request id comes back at once)."""
    return [Open311Service(service_code=code, service_name=name, description=text, metadata=True,
                           type="realtime", keywords=keywords, group=GROUP)
            for code, (name, text, keywords) in SERVICES.items()]


def service_definition(*, service_code: str) -> Open311ServiceDefinition:
    """The one attribute every service takes: consent to be contacted about a reward."""
    if service_code not in SERVICES:
        raise not_found(f"service_code '{service_code[:40]}' was not found.")
    consent = Open311Attribute(
        variable=True, code=CONSENT, datatype="singlevaluelist", required=False, datatype_description=None,
        order=1,
        description=("是否同意举报奖励资金保管人就奖励事宜联系举报人。仅在同意时保存 email、phone、"
                     "first_name、last_name（加密保存，仅保管人可读）；不同意或未填写时不保存任何联系方式。"),
        values=[Open311AttributeValue(key="true", name="同意"), Open311AttributeValue(key="false", name="不同意")])
    return Open311ServiceDefinition(service_code=service_code, attributes=[consent])


def discovery(*, base_url: str) -> Open311Discovery:
    """Where this endpoint is and what it speaks (the Open311 service discovery document)."""
    return Open311Discovery(
        changeset=CHANGESET, contact="鹤鸣区养老机构安全整治工作专班", key_service="向市级平台申请 tips:write 授权",
        endpoints=[Open311Endpoint(specification=SPECIFICATION, url=base_url, changeset=CHANGESET,
                                   type="production", formats=["application/json", "text/xml"])])


# --- requests -------------------------------------------------------------------------------------------------


def w3c(moment: datetime) -> str:
    """A W3C (ISO 8601) datetime in China time with its +08:00 offset, to the second (as the district reads it)."""
    return moment.astimezone(CHINA).replace(microsecond=0).isoformat()


def _expected(due: date | None) -> str | None:
    # A task is due by the end of its day in the district's time.
    return None if due is None else datetime.combine(due, time(23, 59, 59), tzinfo=CHINA).isoformat()


def _status_notes(tip: Tip, *, original_number: str | None) -> str | None:
    if tip.status == "duplicate":
        return f"与举报 {original_number} 重复，合并处理。" if original_number else "与另一举报重复，合并处理。"
    if tip.status == "closed":
        return tip.closed_reason
    if tip.status in ("verified", "unfounded"):
        return tip.outcome_note or ("经核查属实。" if tip.status == "verified" else "经核查不属实。")
    if tip.status == "assigned":
        return "已交办核查。"
    return "已受理，待分办。"


def to_request(tip: Tip, *, keyed: bool, original_number: str | None, due: date | None) -> Open311Request:
    """A tip as an Open311 service request. An anonymous reader learns only that a case of some kind exists and
    whether it is open: an unverified allegation is never published beside the facility it names, nor the place
    a reporter's phone stood (the reporter follows the case with the receipt; the city platform uses its key)."""
    name = SERVICES.get(tip.category, SERVICES["other"])[0]
    department = tip.assigned_department
    address = ", ".join(part for part in (tip.facility_name, tip.location) if part) or None
    return Open311Request(
        service_request_id=tip.number,
        status="open" if tip.status in OPEN_STATUSES else "closed",
        status_notes=_status_notes(tip, original_number=original_number) if keyed else None,
        service_name=name, service_code=tip.category,
        description=tip.description if keyed else None,
        agency_responsible=DEPARTMENTS_ZH.get(department) if department else None,
        service_notice=None,
        requested_datetime=w3c(tip.created_at), updated_datetime=w3c(tip.updated_at),
        expected_datetime=_expected(due) if tip.status == "assigned" else None,
        address=address if keyed else None, address_id=tip.facility_id if keyed else None, zipcode=None,
        lat=tip.latitude if keyed else None, long=tip.longitude if keyed else None, media_url=None)


def _requests(session: Session, tips: list[Tip], *, keyed: bool) -> list[Open311Request]:
    originals = repository.numbers_of(session, [tip.duplicate_of for tip in tips if tip.duplicate_of])
    dues = repository.due_dates_of(session, [tip.task_id for tip in tips if tip.task_id])
    return [to_request(tip, keyed=keyed, original_number=originals.get(tip.duplicate_of or ""),
                       due=dues.get(tip.task_id or "")) for tip in tips]


def _split(value: str | None, *, name: str, allowed: tuple[str, ...] | None = None,
           limit: int = MAX_IDS) -> list[str] | None:
    if value is None:
        return None
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise bad_request(f"{name}: must not be empty.")
    if len(items) > limit:
        raise bad_request(f"{name}: at most {limit} values.")
    if allowed is not None:
        unknown = [item for item in items if item not in allowed]
        if unknown:
            raise bad_request(f"{name}: '{unknown[0][:40]}' is not one of {', '.join(allowed)}.")
    return items


def parse_datetime(value: str | None, *, name: str) -> datetime | None:
    """A W3C datetime with its offset (``Z`` or ``±hh:mm``), as the specification requires."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or "T" not in value:
        raise bad_request(f"{name}: must be a W3C datetime with an offset, e.g. 2026-11-05T08:15:30+08:00.")
    return parsed.astimezone(UTC)


def list_requests(session: Session, *, principal: Principal | None, service_request_id: str | None,
                  service_code: str | None, start_date: str | None, end_date: str | None,
                  status: str | None) -> list[Open311Request]:
    """GET requests: by id (overriding every other filter), else by service, window and status, newest first."""
    keyed = may_read_descriptions(principal)
    numbers = _split(service_request_id, name="service_request_id")
    if numbers is not None:
        return _requests(session, repository.tips_by_numbers(session, numbers), keyed=keyed)
    codes = _split(service_code, name="service_code", allowed=tuple(SERVICES))
    states = _split(status, name="status", allowed=("open", "closed"))
    start = parse_datetime(start_date, name="start_date")
    end = parse_datetime(end_date, name="end_date")
    # The specification's defaults: the last 90 days, and never a window wider than 90 days.
    if start is None and end is None:
        end = clock.now()
    if start is None:
        assert end is not None
        start = end - DEFAULT_WINDOW
    elif end is None:
        end = min(start + DEFAULT_WINDOW, clock.now())
    if end < start:
        raise bad_request("end_date: must not be before start_date.")
    if end - start > DEFAULT_WINDOW:
        raise bad_request("end_date: the window from start_date may span at most 90 days.")
    ours: list[str] | None = None
    if states is not None:
        ours = [ours_status for state in states
                for ours_status in (OPEN_STATUSES if state == "open" else CLOSED_STATUSES)]
    tips = repository.search_tips(session, categories=codes, statuses=ours, start=start, end=end,
                                  limit=MAX_RESULTS)
    return _requests(session, tips, keyed=keyed)


def get_request(session: Session, *, principal: Principal | None, number: str) -> list[Open311Request]:
    """GET requests/{id}: a list of one, as the specification answers."""
    keyed = may_read_descriptions(principal)
    tips = repository.tips_by_numbers(session, [number])
    if not tips:
        raise not_found(f"service_request_id '{number[:40]}' was not found.")
    return _requests(session, tips, keyed=keyed)


def get_token(session: Session, *, token: str) -> list[Open311Token]:
    """GET tokens/{token}: the service_request_id a token stands for."""
    tip = repository.tip_by_token(session, token)
    if tip is None:
        raise not_found("token was not found.")
    return [Open311Token(service_request_id=tip.number, token=token)]


# --- posting -------------------------------------------------------------------------------------------------


def _contact(form: Open311RequestForm) -> str | None:
    """The reporter's name, phone and email as one line (what the reward custodian reads), or None."""
    name = " ".join(part for part in (form.last_name, form.first_name) if part is not None and part)
    parts = [part for part in (name, form.phone, form.email) if part is not None and part]
    return " / ".join(parts) or None


def _number(value: str, *, name: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise bad_request(f"{name}: must be a number.") from None


def _submission(form: Open311RequestForm) -> tuple[TipSubmission, list[str]]:
    """The Open311 fields as a tip submission, and the notes the poster should read about what was not kept."""
    if not form.service_code:
        raise bad_request("service_code: was not provided.")
    if form.service_code not in SERVICES:
        raise not_found(f"service_code '{form.service_code[:40]}' was not found.")
    if (form.lat is None) != (form.long is None):
        raise bad_request(f"{'long' if form.long is None else 'lat'}: lat and long go together.")
    if form.lat is None and not form.address_string and not form.address_id:
        raise bad_request("location: give lat and long, address_string or address_id.")
    location = form.address_string or None
    if form.lat is not None and form.long is not None:
        latitude, longitude = _number(form.lat, name="lat"), _number(form.long, name="long")
        # The intake needs a facility or words for where; coordinates alone still say where.
        if location is None and not form.address_id:
            location = f"坐标 {latitude:.6f}, {longitude:.6f}"
    notes: list[str] = []
    contact = _contact(form)
    consent = form.contact_consent == "true"
    if contact is not None and not consent:
        notes.append("未同意 contact_consent，联系方式未保存。")
    if form.media_url:
        notes.append("media_url 未采用：照片请举报人通过举报页面补充。")
    fields: dict[str, Any] = {
        "category": form.service_code, "description": form.description or "", "facility_id": form.address_id,
        "location": location, "latitude": form.lat, "longitude": form.long,
        "contact": contact if consent else None, "contact_consent": consent and contact is not None}
    try:
        return TipSubmission.model_validate(fields), notes
    except ValidationError as exc:
        raise bad_request(*[f"{field_name(err['loc'])}: {err['msg']}" for err in exc.errors()]) from None


def post_request(session: Session, *, principal: Principal | None, form: Open311RequestForm) -> Open311RequestCreated:
    """Take in a request as a tip (source open311) with a token; the notice carries the receipt, shown once."""
    require_poster(principal)
    data, notes = _submission(form)
    tip, receipt = intake.submit_tip(session, data=data, photos=[], source="open311",
                                     client_id=principal.subject if principal is not None else None)
    token = secrets.token_urlsafe(24)
    repository.set_token(session, tip, token)
    grouped = " ".join(receipt[index:index + 4] for index in range(0, len(receipt), 4))
    notice = " ".join([
        f"已受理，案件编号 {tip.number}。受理回执码 {grouped}，仅显示这一次，请转交举报人妥善保存："
        "凭回执码可在举报页面查询进度、与承办部门沟通。", *notes])
    return Open311RequestCreated(service_request_id=tip.number, token=token, service_notice=notice,
                                 account_id=None)
