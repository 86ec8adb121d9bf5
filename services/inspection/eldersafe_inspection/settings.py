import base64
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from eldersafe_common.settings import VAR_DIR, ServiceSettings

# Demo values, refused in production (production_problems).
DEMO_TIP_RECEIPT_PEPPER = "eldersafe-demo-tip-receipt-pepper"
DEMO_TIP_CONTACT_KEY = "ZWxkZXJzYWZlLWRlbW8tdGlwLWNvbnRhY3Qta2V5ISE="


class InspectionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INSPECTION_", extra="ignore", populate_by_name=True)

    schema_name: str = "inspection"
    host: str = "127.0.0.1"
    port: int = 8102
    # Inspection photos (content-addressed files); the metadata lives in the `photo` table.
    photo_dir: Path = Field(default=VAR_DIR / "photos", validation_alias=AliasChoices("INSPECTION_PHOTO_DIR"))
    # The worker's hourly photo sweep (photos/sweep.py): unattached inspection photos and files no row holds go once
    # older than the grace period, which must outlast any upload still in flight (its file is written first).
    photo_sweep_enabled: bool = True
    photo_sweep_grace_hours: int = Field(default=24, ge=1, le=24 * 365)
    # Tip receipts (tips/receipts.py): scrypt(receipt, salt=pepper). The pepper keeps a stolen table from being
    # searched through all 10^16 receipts offline; the cost makes each guess a real memory-hard KDF
    # (n=2^10, r=8: 1 MB and about 2.5 ms of CPU per hash; bench/tips/README.md has the figures and the reasoning).
    tip_receipt_pepper: SecretStr = SecretStr(DEMO_TIP_RECEIPT_PEPPER)
    tip_receipt_scrypt_n: int = Field(default=2**10, ge=2**10, le=2**20)
    tip_receipt_scrypt_r: int = Field(default=8, ge=1, le=32)
    tip_receipt_scrypt_p: int = Field(default=1, ge=1, le=16)
    # The area of a tip that names no facility (the district): its triagers see it.
    tip_district_area_code: str = Field(default="999001", pattern=r"^[0-9]{6,15}$")
    # AES-256-GCM key (base64 of 32 bytes) for the reporter's contact (tips/crypto.py).
    tip_contact_key: SecretStr = SecretStr(DEMO_TIP_CONTACT_KEY)
    # Open311 GeoReport v2 (open311/): whether a request may be posted without an api_key (the city platform's
    # token with scope tips:write), and the jurisdiction_id this endpoint serves (another one answers 404).
    open311_anonymous_post: bool = False
    open311_jurisdiction_id: str = Field(default="heming.eldersafe.example", min_length=1, max_length=100)
    # The registry owns the areas: a campaign's area code is checked with it over HTTP.
    registry_url: str = Field(default="http://127.0.0.1:8101",
                              validation_alias=AliasChoices("INSPECTION_REGISTRY_URL"))

    @field_validator("tip_receipt_scrypt_n")
    @classmethod
    def _scrypt_n_is_a_power_of_two(cls, value: int) -> int:
        if value & (value - 1):
            raise ValueError("INSPECTION_TIP_RECEIPT_SCRYPT_N must be a power of two")
        return value

    @field_validator("tip_contact_key")
    @classmethod
    def _contact_key_is_256_bits(cls, value: SecretStr) -> SecretStr:
        try:
            raw = base64.b64decode(value.get_secret_value(), validate=True)
        except ValueError as exc:
            raise ValueError("INSPECTION_TIP_CONTACT_KEY must be base64") from exc
        if len(raw) != 32:
            raise ValueError("INSPECTION_TIP_CONTACT_KEY must be 32 bytes (base64)")
        return value

    def production_problems(self) -> list[str]:
        problems = super().production_problems()
        if self.tip_receipt_pepper.get_secret_value() == DEMO_TIP_RECEIPT_PEPPER:
            problems.append("INSPECTION_TIP_RECEIPT_PEPPER must not be the demo pepper")
        if len(self.tip_receipt_pepper.get_secret_value()) < 16:
            problems.append("INSPECTION_TIP_RECEIPT_PEPPER must be at least 16 characters")
        if self.tip_contact_key.get_secret_value() == DEMO_TIP_CONTACT_KEY:
            problems.append("INSPECTION_TIP_CONTACT_KEY must not be the demo key")
        return problems


@lru_cache
def get_settings() -> InspectionSettings:
    return InspectionSettings()
