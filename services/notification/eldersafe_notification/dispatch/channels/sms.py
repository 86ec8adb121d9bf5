"""SMS through a provider chosen by ``NOTIFICATION_SMS_PROVIDER``: ``log`` (embedded default, no network),
``http`` (a generic signed HTTP gateway) or ``aliyun`` (Alibaba Cloud SMS ``SendSms``). Every provider gets the
notification id as its out-id, so a resend after a crash is recognisable on the provider's side."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from eldersafe_common import clock

from ...settings import NotificationSettings
from .common import Delivery, Outcome, clip

log = logging.getLogger("eldersafe.notification.sms")
TEXT_LIMIT = 500


class SmsProvider(Protocol):
    def send(self, *, phone: str, text: str, out_id: str) -> Outcome: ...


def text_of(delivery: Delivery) -> str:
    """The SMS text: title and body, cut to what a provider takes in one concatenated message.

    Titles already open with their own 【tag】 (the provider prepends the signature's 【…】 too): wrapping the
    title in another pair gave "【【到期提醒】…】"; a title without a tag gets one pair."""
    title = delivery.title if delivery.title.startswith("【") else f"【{delivery.title}】"
    text = f"{title}\n{delivery.body}"
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def send(delivery: Delivery, *, provider: SmsProvider) -> Outcome:
    return provider.send(phone=delivery.address, text=text_of(delivery), out_id=delivery.id)


class LogProvider:
    """The embedded default: the SMS goes to the log, nothing leaves the machine."""

    def send(self, *, phone: str, text: str, out_id: str) -> Outcome:
        log.info("SMS to %s (out_id %s): %s", phone, out_id, text)
        return Outcome(True, "written to the log (NOTIFICATION_SMS_PROVIDER=log)")


def _post(url: str, *, timeout: float, **kwargs: Any) -> httpx.Response | Outcome:
    """POST, turning a slow or unreachable provider into a failed Outcome."""
    try:
        return httpx.post(url, timeout=timeout, **kwargs)
    except httpx.TimeoutException:
        return Outcome(False, f"SMS provider did not answer within {timeout:g} s")
    except httpx.HTTPError as exc:
        return Outcome(False, clip(f"SMS provider unreachable: {type(exc).__name__}: {exc}"))


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _fill(template: Any, values: dict[str, str]) -> Any:
    # Placeholders are replaced inside decoded strings, so a value can never break the JSON around it.
    if isinstance(template, str):
        for key, value in values.items():
            template = template.replace("{" + key + "}", value)
        return template
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: _fill(item, values) for key, item in template.items()}
    return template


class HttpProvider:
    """A generic gateway: POST the filled JSON template, signed ``sha256=<hex HMAC-SHA256(secret, body)>``."""

    def __init__(self, *, url: str, template: str, secret: str, header: str, timeout: float):
        self.url, self.secret, self.header, self.timeout = url, secret, header, timeout
        self.template = json.loads(template)

    def body(self, *, phone: str, text: str, out_id: str) -> bytes:
        document = _fill(self.template, {"phone": phone, "text": text, "out_id": out_id})
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    def send(self, *, phone: str, text: str, out_id: str) -> Outcome:
        body = self.body(phone=phone, text=text, out_id=out_id)
        signature = hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        answer = _post(self.url, timeout=self.timeout, content=body, headers={
            "Content-Type": "application/json; charset=utf-8", self.header: f"sha256={signature}"})
        if isinstance(answer, Outcome):
            return answer
        if not answer.is_success:
            return Outcome(False, clip(f"SMS gateway answered HTTP {answer.status_code}: {answer.text}"))
        if _json_object(answer) is None:
            return Outcome(False, clip(f"SMS gateway answer is not a JSON object: {answer.text!r}"))
        return Outcome(True, f"accepted by the SMS gateway (HTTP {answer.status_code})")


def percent_encode(value: str) -> str:
    """Alibaba Cloud's percent-encoding: UTF-8, only A-Z a-z 0-9 - _ . ~ left as they are (space → %20)."""
    return quote(value, safe="~")


def aliyun_signature(params: dict[str, str], *, secret: str, method: str = "POST") -> str:
    """RPC signature v1: Base64(HMAC-SHA1(secret + "&", METHOD&%2F&percentEncode(canonical query)))."""
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


# Business errors that no retry can fix: the number or the template is wrong.
ALIYUN_PERMANENT = frozenset({"isv.MOBILE_NUMBER_ILLEGAL", "isv.TEMPLATE_MISSING_PARAMETERS",
                              "isv.INVALID_PARAMETERS", "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL"})


class AliyunProvider:
    """Alibaba Cloud SMS ``SendSms`` (API version 2017-05-25) over HTTPS, signed as published (RPC, v1)."""

    def __init__(self, *, endpoint: str, region: str, access_key_id: str, access_key_secret: str, sign_name: str,
                 template_code: str, timeout: float):
        self.endpoint, self.region, self.timeout = endpoint, region, timeout
        self.access_key_id, self.access_key_secret = access_key_id, access_key_secret
        self.sign_name, self.template_code = sign_name, template_code

    def params(self, *, phone: str, text: str, out_id: str, now: datetime | None = None) -> dict[str, str]:
        """Every request parameter but Signature."""
        moment = (now or clock.wall_now()).astimezone(UTC)  # the provider checks its signature against real time
        return {
            "AccessKeyId": self.access_key_id, "Action": "SendSms", "Format": "JSON", "OutId": out_id,
            "PhoneNumbers": phone, "RegionId": self.region, "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": str(uuid.uuid4()), "SignatureVersion": "1.0",
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps({"content": text}, ensure_ascii=False),
            "Timestamp": moment.strftime("%Y-%m-%dT%H:%M:%SZ"), "Version": "2017-05-25",
        }

    def send(self, *, phone: str, text: str, out_id: str) -> Outcome:
        params = self.params(phone=phone, text=text, out_id=out_id)
        params["Signature"] = aliyun_signature(params, secret=self.access_key_secret)
        form = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in params.items())
        answer = _post(self.endpoint, timeout=self.timeout, content=form.encode(),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
        if isinstance(answer, Outcome):
            return answer
        data = _json_object(answer)
        if data is None or not isinstance(data.get("Code"), str):
            return Outcome(False, clip(f"Aliyun SMS answer (HTTP {answer.status_code}) is malformed: "
                                       f"{answer.text!r}"))
        code = data["Code"]
        if code != "OK":
            return Outcome(False, clip(f"Aliyun SMS refused: {code}: {data.get('Message')} "
                                       f"(RequestId {data.get('RequestId')})"), permanent=code in ALIYUN_PERMANENT)
        return Outcome(True, clip(f"accepted by Aliyun SMS, BizId {data.get('BizId')}"))


def provider_from(settings: NotificationSettings) -> SmsProvider:
    """The provider ``NOTIFICATION_SMS_PROVIDER`` names (production settings refuse incomplete ones)."""
    if settings.sms_provider == "http":
        return HttpProvider(
            url=settings.sms_http_url or "",
            template=settings.sms_http_template,
            secret=settings.sms_http_secret.get_secret_value() if settings.sms_http_secret else "",
            header=settings.sms_http_signature_header,
            timeout=settings.sms_timeout,
        )
    if settings.sms_provider == "aliyun":
        return AliyunProvider(
            endpoint=settings.sms_aliyun_endpoint, region=settings.sms_aliyun_region,
            access_key_id=settings.sms_aliyun_access_key_id or "",
            access_key_secret=(settings.sms_aliyun_access_key_secret.get_secret_value()
                               if settings.sms_aliyun_access_key_secret else ""),
            sign_name=settings.sms_aliyun_sign_name or "", template_code=settings.sms_aliyun_template_code or "",
            timeout=settings.sms_timeout,
        )
    return LogProvider()
