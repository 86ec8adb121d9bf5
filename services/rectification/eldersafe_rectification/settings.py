from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from eldersafe_common.settings import VAR_DIR, ServiceSettings


class RectificationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RECTIFICATION_", extra="ignore", populate_by_name=True)

    schema_name: str = "rectification"
    host: str = "127.0.0.1"
    port: int = 8103
    # Rectification evidence (photos and PDFs); the metadata lives in the `hazard_evidence` table.
    evidence_dir: Path = Field(default=VAR_DIR / "evidence",
                               validation_alias=AliasChoices("RECTIFICATION_EVIDENCE_DIR"))
    # The registry owns residents: the relocation page reads the roster from it over HTTP.
    registry_url: str = Field(default="http://127.0.0.1:8101",
                              validation_alias=AliasChoices("RECTIFICATION_REGISTRY_URL"))


@lru_cache
def get_settings() -> RectificationSettings:
    return RectificationSettings()
