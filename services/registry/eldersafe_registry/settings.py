from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from eldersafe_common.settings import ServiceSettings


class RegistrySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore", populate_by_name=True)

    schema_name: str = "registry"
    host: str = "127.0.0.1"
    port: int = 8101
    import_max_bytes: int = 5 * 1024 * 1024
    import_max_rows: int = 2000


@lru_cache
def get_settings() -> RegistrySettings:
    return RegistrySettings()
