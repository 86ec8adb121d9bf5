from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import SettingsConfigDict

from eldersafe_common.settings import VAR_DIR, ServiceSettings


class InspectionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INSPECTION_", extra="ignore", populate_by_name=True)

    schema_name: str = "inspection"
    host: str = "127.0.0.1"
    port: int = 8102
    # Inspection photos (content-addressed files); the metadata lives in the `photo` table.
    photo_dir: Path = Field(default=VAR_DIR / "photos", validation_alias=AliasChoices("INSPECTION_PHOTO_DIR"))


@lru_cache
def get_settings() -> InspectionSettings:
    return InspectionSettings()
