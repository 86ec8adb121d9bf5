from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from eldersafe_common.settings import ServiceSettings


class RectificationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RECTIFICATION_", extra="ignore", populate_by_name=True)

    schema_name: str = "rectification"
    host: str = "127.0.0.1"
    port: int = 8103


@lru_cache
def get_settings() -> RectificationSettings:
    return RectificationSettings()
