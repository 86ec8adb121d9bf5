from eldersafe_common.migrate import run_env
from eldersafe_registry.models import registry_registry

run_env(registry_registry.metadata)
