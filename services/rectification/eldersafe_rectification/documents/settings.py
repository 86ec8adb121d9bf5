"""Who signs the printed documents (``RECTIFICATION_ISSUER_NAME``)."""

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class DocumentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RECTIFICATION_", extra="ignore")

    issuer_name: str = "鹤鸣区养老机构安全整治工作专班"


@lru_cache
def get_document_settings() -> DocumentSettings:
    return DocumentSettings()
