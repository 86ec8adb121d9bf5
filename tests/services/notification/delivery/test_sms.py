"""SMS providers against a local HTTP server: the generic gateway's HMAC-SHA256 signature, Alibaba Cloud's
RPC signature v1 recomputed here independently, and malformed or slow answers as failed attempts."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import urllib.parse
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from eldersafe_common.db import transaction
from eldersafe_notification.delivery.enqueue import Message, Recipient, enqueue
from eldersafe_notification.delivery.models import Notification
from eldersafe_notification.dispatch.channels.common import Delivery
from eldersafe_notification.dispatch.channels.senders import build_senders
from eldersafe_notification.dispatch.channels.sms import LogProvider, percent_encode, text_of
from eldersafe_notification.dispatch.dispatcher import dispatch_once
from eldersafe_notification.settings import NotificationSettings

from .support import HttpRequest, http_server

T0 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # 10:00 China time, outside the quiet hours
# Characters the encoding rules treat specially: space, *, ~, &, =, +, / and non-ASCII.
MESSAGE = Message(rule_key="hazard.deadline", subject="hazard:h1@2026-06-04", stage="remind_1d",
                  title="整改期限明日到期", body="松鹤颐养院 a*b~c&d=e+f/g：请于 2026-06-04 前完成整改")
ZHANG = Recipient(key="person:张三:13900000002", name="张三", phone="13900000002")
SECRET = "gateway-secret"
ALIYUN_SECRET = "testsecret"


def queue_one(engine: Engine) -> str:
    with transaction(engine) as session:
        enqueue(session, message=MESSAGE, recipient=ZHANG, channel="sms", now=T0)
        return session.exec(select(Notification.id)).one()


def row(engine: Engine) -> Notification:
    with transaction(engine, readonly=True) as session:
        return session.exec(select(Notification)).one()


def http_settings(url: str, **extra: object) -> NotificationSettings:
    return NotificationSettings(sms_provider="http", sms_http_url=url, sms_http_secret=SECRET,  # type: ignore[arg-type]
                                sms_http_signature_header="X-Gateway-Signature", **extra)


def test_the_generic_gateway_gets_the_filled_template_signed_with_hmac_sha256(engine: Engine) -> None:
    with http_server("/sms/send") as gateway:
        notification_id = queue_one(engine)
        assert dispatch_once(engine, now=T0, senders=build_senders(http_settings(gateway.url))) == 1
    [request] = gateway.requests
    assert request.path == "/sms/send"
    expected = "sha256=" + hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers["x-gateway-signature"], expected)
    document = json.loads(request.body)
    assert document == {"phone": "13900000002", "out_id": notification_id,
                        "text": f"【{MESSAGE.title}】\n{MESSAGE.body}"}
    assert (row(engine).status, row(engine).attempts) == ("sent", 1)


def test_a_title_with_its_own_tag_is_not_bracketed_again() -> None:
    delivery = Delivery(id="n1", channel="sms", address="13900000002", recipient="person:张三:13900000002",
                        recipient_name="张三", title="【到期提醒】松鹤颐养院：三楼活动室采用易燃芯材彩钢板搭建",
                        body="松鹤颐养院的隐患「三楼活动室采用易燃芯材彩钢板搭建」整改期限为2026年06月04日，还有1天到期。",
                        link="/hazards/h1")
    text = text_of(delivery)
    assert "【【" not in text and "】】" not in text
    assert text == f"{delivery.title}\n{delivery.body}"


def independent_signature(method: str, params: dict[str, str], secret: str) -> str:
    """Alibaba Cloud's published recipe, written apart from the service's code: form-encode, then turn + into
    %20, * into %2A and %7E back into ~; sort; sign METHOD&%2F&encode(query) with HMAC-SHA1(secret + "&")."""

    def encode(value: str) -> str:
        return (urllib.parse.quote_plus(value, encoding="utf-8").replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~"))

    query = "&".join(f"{encode(key)}={encode(params[key])}" for key in sorted(params))
    string_to_sign = f"{method}&{encode('/')}&{encode(query)}"
    return base64.b64encode(hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()).decode()


def aliyun_server_answer(request: HttpRequest) -> tuple[int, bytes, float]:
    """What the test's Alibaba Cloud plays: verify the signature, answer as SendSms does."""
    params = dict(urllib.parse.parse_qsl(request.body.decode(), keep_blank_values=True, strict_parsing=True))
    signature = params.pop("Signature")
    if params.get("AccessKeyId") != "testid" or not hmac.compare_digest(
            signature, independent_signature(request.method, params, ALIYUN_SECRET)):
        return 400, json.dumps({"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched",
                                "RequestId": "r-1"}).encode(), 0.0
    return 200, json.dumps({"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0",
                            "RequestId": "r-2"}).encode(), 0.0


def aliyun_settings(url: str, secret: str = ALIYUN_SECRET) -> NotificationSettings:
    return NotificationSettings(sms_provider="aliyun", sms_aliyun_endpoint=url, sms_aliyun_access_key_id="testid",
                                sms_aliyun_access_key_secret=secret,  # type: ignore[arg-type]
                                sms_aliyun_sign_name="鹤鸣区民政局", sms_aliyun_template_code="SMS_153055065")


def test_aliyun_sendsms_is_signed_as_published(engine: Engine) -> None:
    with http_server() as aliyun:
        aliyun.answer = aliyun_server_answer
        notification_id = queue_one(engine)
        dispatch_once(engine, now=T0, senders=build_senders(aliyun_settings(aliyun.url)))
    [request] = aliyun.requests
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    params = dict(urllib.parse.parse_qsl(request.body.decode()))
    assert {k: params[k] for k in ("Action", "Version", "Format", "SignatureMethod", "SignatureVersion",
                                   "RegionId", "PhoneNumbers", "SignName", "TemplateCode", "OutId")} == {
        "Action": "SendSms", "Version": "2017-05-25", "Format": "JSON", "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0", "RegionId": "cn-hangzhou", "PhoneNumbers": "13900000002",
        "SignName": "鹤鸣区民政局", "TemplateCode": "SMS_153055065", "OutId": notification_id}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", params["Timestamp"])
    assert json.loads(params["TemplateParam"]) == {"content": f"【{MESSAGE.title}】\n{MESSAGE.body}"}
    # Encoded as the rules say: spaces as %20 (never +), * as %2A, ~ left alone.
    assert "%20" in request.body.decode() and "+" not in request.body.decode() and "%2A" in request.body.decode()
    current = row(engine)
    assert current.status == "sent", current.last_error


def test_a_wrong_aliyun_secret_is_refused_and_retried(engine: Engine) -> None:
    with http_server() as aliyun:
        aliyun.answer = aliyun_server_answer
        queue_one(engine)
        dispatch_once(engine, now=T0, senders=build_senders(aliyun_settings(aliyun.url, secret="wrong")))
    current = row(engine)
    assert current.status == "pending" and "SignatureDoesNotMatch" in (current.last_error or "")


def test_the_encoding_follows_the_published_rules() -> None:
    assert percent_encode("a b*c~d/é") == "a%20b%2Ac~d%2F%C3%A9"


@pytest.mark.parametrize(("provider", "answer", "expected"), [
    ("http", (200, b"<html>gateway error</html>", 0.0), "not a JSON object"),
    ("http", (200, b"[1, 2]", 0.0), "not a JSON object"),
    ("http", (502, b"bad gateway", 0.0), "HTTP 502"),
    ("aliyun", (200, b"not json", 0.0), "malformed"),
    ("aliyun", (200, b'{"Message": "no code"}', 0.0), "malformed"),
    ("aliyun", (200, b'{"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "limited"}', 0.0),
     "isv.BUSINESS_LIMIT_CONTROL"),
    ("http", (200, b'{"ok": true}', 1.5), "did not answer within 0.3 s"),
    ("aliyun", (200, b'{"Code": "OK"}', 1.5), "did not answer within 0.3 s"),
])
def test_malformed_or_slow_answers_are_failed_attempts(engine: Engine, provider: str,
                                                       answer: tuple[int, bytes, float], expected: str) -> None:
    with http_server() as server:
        server.answer = lambda request: answer
        settings = http_settings(server.url) if provider == "http" else aliyun_settings(server.url)
        settings.sms_timeout = 0.3
        queue_one(engine)
        assert dispatch_once(engine, now=T0, senders=build_senders(settings)) == 1
    current = row(engine)
    assert (current.status, current.attempts) == ("pending", 1)
    assert expected in (current.last_error or "")


def test_an_illegal_number_fails_at_once(engine: Engine) -> None:
    with http_server() as aliyun:
        aliyun.answer = lambda request: (200, b'{"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "bad"}', 0.0)
        queue_one(engine)
        dispatch_once(engine, now=T0, senders=build_senders(aliyun_settings(aliyun.url)))
    assert row(engine).status == "failed"


def test_the_log_provider_writes_the_sms_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="eldersafe.notification.sms"):
        outcome = LogProvider().send(phone="13900000002", text="测试短信", out_id="n-1")
    assert outcome.ok and "13900000002" in caplog.text and "测试短信" in caplog.text
    assert build_senders(NotificationSettings())["sms"](Delivery(
        id="n-2", channel="sms", address="139", recipient="x", recipient_name=None, title="t", body="b",
        link=None)).ok


@pytest.mark.parametrize("template", ["{not json", "[1, 2]"])
def test_a_broken_gateway_template_is_refused_at_start_up(template: str) -> None:
    with pytest.raises(ValueError, match="NOTIFICATION_SMS_HTTP_TEMPLATE"):
        NotificationSettings(sms_http_template=template)
