import json
from datetime import time
from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from eldersafe_common.settings import ServiceSettings


class NotificationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATION_", extra="ignore", populate_by_name=True)

    schema_name: str = "notification"
    host: str = "127.0.0.1"
    port: int = 8104

    # Escalation (escalation/tick.py): a tick stops starting batches when this is spent; the rest waits a minute.
    tick_budget_seconds: float = Field(default=1.5, ge=0.0)

    # Delivery (delivery/): the dispatcher, its channels and SMS quiet hours (China time).
    claim_seconds: float = 60.0  # a row left in `sending` by a killed worker is taken again after this
    quiet_start: time = time(22, 0)
    quiet_end: time = time(7, 0)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "ElderSafe <noreply@eldersafe.invalid>"
    smtp_timeout: float = 10.0
    sms_provider: Literal["log", "http", "aliyun"] = "log"
    sms_timeout: float = 5.0
    sms_http_url: str | None = None
    # JSON; "{phone}", "{text}" and "{out_id}" inside its strings are replaced (values stay JSON-escaped).
    sms_http_template: str = '{"phone": "{phone}", "text": "{text}", "out_id": "{out_id}"}'
    sms_http_secret: SecretStr | None = None
    sms_http_signature_header: str = "X-Signature"
    sms_aliyun_endpoint: str = "https://dysmsapi.aliyuncs.com/"
    sms_aliyun_region: str = "cn-hangzhou"
    sms_aliyun_access_key_id: str | None = None
    sms_aliyun_access_key_secret: SecretStr | None = None
    sms_aliyun_sign_name: str | None = None
    sms_aliyun_template_code: str | None = None
    # Webhooks (webhooks/): None = allowed outside production (demo receivers run on loopback).
    webhook_allow_private: bool | None = None
    webhook_timeout: float = 5.0
    webhook_disable_after: int = 10
    # Who hears that a webhook was disabled, until contacts/ can name the admins (account subjects).
    admin_subjects: list[str] = Field(default_factory=list)

    @field_validator("sms_http_template")
    @classmethod
    def _template_is_a_json_object(cls, value: str) -> str:
        # Refused at start-up: a broken template found by the dispatcher thread would only stop SMS silently.
        try:
            document = json.loads(value)
        except ValueError as exc:
            raise ValueError(f"NOTIFICATION_SMS_HTTP_TEMPLATE is not JSON: {exc}") from exc
        if not isinstance(document, dict):
            raise ValueError("NOTIFICATION_SMS_HTTP_TEMPLATE must be a JSON object")
        return value

    @property
    def allows_private_webhooks(self) -> bool:
        if self.webhook_allow_private is not None:
            return self.webhook_allow_private
        return self.environment != "production"

    def production_problems(self) -> list[str]:
        problems = super().production_problems()
        if self.sms_provider == "http" and not (self.sms_http_url and self.sms_http_secret):
            problems.append("NOTIFICATION_SMS_HTTP_URL and NOTIFICATION_SMS_HTTP_SECRET are required")
        if self.sms_provider == "aliyun" and not (
                self.sms_aliyun_access_key_id and self.sms_aliyun_access_key_secret and self.sms_aliyun_sign_name
                and self.sms_aliyun_template_code):
            problems.append("NOTIFICATION_SMS_ALIYUN_ACCESS_KEY_ID, _ACCESS_KEY_SECRET, _SIGN_NAME and "
                            "_TEMPLATE_CODE are required")
        return problems


@lru_cache
def get_settings() -> NotificationSettings:
    return NotificationSettings()
