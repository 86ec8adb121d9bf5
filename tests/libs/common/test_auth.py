"""Token verification: only the gateway's ES256 signature, unexpired, for this audience, is accepted."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

import pytest

from eldersafe_common.auth import Position, Principal, Role, decode_token, principal_from_claims
from eldersafe_common.errors import Forbidden, Unauthorized
from tests.conftest import PRIVATE_KEY, PUBLIC_KEY
from tests.support.keys import sign, write_keypair

CLAIMS = {"sub": "u1", "name": "甲", "role": "fire", "position": "staff", "area": "999001", "department": "fire"}


def _decode(token: str) -> dict:
    return decode_token(token, public_key=PUBLIC_KEY.read_text(), issuer="eldersafe-gateway", audience="eldersafe")


def test_a_valid_token_gives_the_principal() -> None:
    principal = principal_from_claims(_decode(sign(PRIVATE_KEY, **CLAIMS)))
    assert principal.role is Role.fire and principal.position is Position.staff
    assert principal.covers("999001002001") and not principal.covers("999002")


def test_expired_token_is_refused() -> None:
    with pytest.raises(Unauthorized) as caught:
        _decode(sign(PRIVATE_KEY, ttl=-120, **CLAIMS))
    assert caught.value.code == "token_expired"


def test_token_signed_with_another_key_is_refused(tmp_path: Path) -> None:
    other_private, _ = write_keypair(tmp_path)
    with pytest.raises(Unauthorized):
        _decode(sign(other_private, **CLAIMS))


def test_tampered_payload_is_refused() -> None:
    header, payload, signature = sign(PRIVATE_KEY, **CLAIMS).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(Unauthorized):
        _decode(f"{header}.{forged}.{signature}")


def test_alg_none_and_hmac_confusion_are_refused() -> None:
    none_header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(json.dumps(CLAIMS).encode()).rstrip(b"=").decode()
    with pytest.raises(Unauthorized):
        _decode(f"{none_header}.{body}.")
    # HS256 keyed with the public key text: the classic algorithm-confusion forgery, built by hand
    # because python-jose itself refuses to make it.
    hs_header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    mac = hmac.new(PUBLIC_KEY.read_bytes(), f"{hs_header}.{body}".encode(), hashlib.sha256).digest()
    signature = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    with pytest.raises(Unauthorized):
        _decode(f"{hs_header}.{body}.{signature}")


def test_wrong_audience_or_issuer_is_refused() -> None:
    with pytest.raises(Unauthorized):
        _decode(sign(PRIVATE_KEY, aud="someone-else", **CLAIMS))
    with pytest.raises(Unauthorized):
        _decode(sign(PRIVATE_KEY, iss="not-the-gateway", **CLAIMS))


def test_refresh_tokens_and_incomplete_claims_are_not_access() -> None:
    with pytest.raises(Unauthorized):
        principal_from_claims({**_decode(sign(PRIVATE_KEY, **CLAIMS)), "typ": "refresh"})
    with pytest.raises(Unauthorized):
        principal_from_claims({"typ": "access", "sub": "x", "role": "wizard", "position": "staff", "area": "1"})


def test_require_checks_role_and_position() -> None:
    head = Principal(subject="s", name="n", role=Role.fire, position=Position.head, area="999001")
    head.require(Role.fire, positions=(Position.head,))
    with pytest.raises(Forbidden):
        head.require(Role.civil_affairs)
    with pytest.raises(Forbidden):
        head.require(Role.fire, positions=(Position.staff,))
