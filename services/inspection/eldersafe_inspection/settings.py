from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from eldersafe_common.settings import ServiceSettings


class InspectionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INSPECTION_", extra="ignore", populate_by_name=True)

    schema_name: str = "inspection"
    host: str = "127.0.0.1"
    port: int = 8102


@lru_cache
def get_settings() -> InspectionSettings:
    return InspectionSettings()
