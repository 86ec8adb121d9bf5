from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from eldersafe_common.settings import ServiceSettings


class NotificationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATION_", extra="ignore", populate_by_name=True)

    schema_name: str = "notification"
    host: str = "127.0.0.1"
    port: int = 8104


@lru_cache
def get_settings() -> NotificationSettings:
    return NotificationSettings()
