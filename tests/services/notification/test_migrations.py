from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from eldersafe_notification import deps
from eldersafe_notification.metadata import notification_registry


def test_migrations_match_the_models(migrated: str) -> None:
    own = set(notification_registry.metadata.tables)
    with deps.get_engine().connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": lambda name, type_, _p: type_ != "table" or name in own,
                              "compare_type": True},
        )
        assert compare_metadata(context, notification_registry.metadata) == []
