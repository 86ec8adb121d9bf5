import base64

import pytest
from pydantic import ValidationError

from eldersafe_inspection.settings import DEMO_TIP_CONTACT_KEY, DEMO_TIP_RECEIPT_PEPPER, InspectionSettings

STRONG_KEY = base64.b64encode(bytes(range(32))).decode()


def _production(**fields: object) -> InspectionSettings:
    return InspectionSettings(environment="production", **fields)  # type: ignore[arg-type]


def test_production_refuses_the_demo_pepper_and_key() -> None:
    with pytest.raises(ValidationError) as refused:
        _production()
    message = str(refused.value)
    assert "INSPECTION_TIP_RECEIPT_PEPPER must not be the demo pepper" in message
    assert "INSPECTION_TIP_CONTACT_KEY must not be the demo key" in message
    with pytest.raises(ValidationError) as short:
        _production(tip_receipt_pepper="short", tip_contact_key=STRONG_KEY)
    assert "at least 16 characters" in str(short.value)
    assert "TIP_CONTACT_KEY" not in str(short.value)


def test_development_keeps_the_demo_values() -> None:
    settings = InspectionSettings(environment="development")  # type: ignore[call-arg]
    assert settings.tip_receipt_pepper.get_secret_value() == DEMO_TIP_RECEIPT_PEPPER
    assert settings.tip_contact_key.get_secret_value() == DEMO_TIP_CONTACT_KEY
    assert DEMO_TIP_RECEIPT_PEPPER not in repr(settings)


@pytest.mark.parametrize(("fields", "reason"), [
    ({"tip_contact_key": base64.b64encode(b"too short").decode()}, "32 bytes"),
    ({"tip_contact_key": "not base64 at all!"}, "base64"),
    ({"tip_receipt_scrypt_n": 3000}, "power of two"),
    ({"tip_receipt_scrypt_n": 512}, "greater than or equal"),
])
def test_malformed_tip_secrets_are_refused_at_start(fields: dict[str, object], reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        InspectionSettings(**fields)  # type: ignore[arg-type]
