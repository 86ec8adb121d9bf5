from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from eldersafe_registry import deps
from eldersafe_registry.models import registry_registry


def test_migrations_match_the_models(migrated: str) -> None:
    own = set(registry_registry.metadata.tables)
    with deps.get_engine().connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": lambda name, type_, _p: type_ != "table" or name in own,
                              "compare_type": True},
        )
        assert compare_metadata(context, registry_registry.metadata) == []
