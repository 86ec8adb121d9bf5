from eldersafe_common.migrate import run_env
from eldersafe_gateway.models import gateway_registry

run_env(gateway_registry.metadata)
