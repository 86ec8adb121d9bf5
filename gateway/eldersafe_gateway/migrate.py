"""``python -m eldersafe_gateway.migrate``: bring the gateway's schema to head."""

from pathlib import Path

from eldersafe_common.migrate import upgrade

from .settings import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"


def main() -> None:
    settings = get_settings()
    upgrade(MIGRATIONS, settings.database_url, schema=settings.schema_name)


if __name__ == "__main__":
    main()
