from eldersafe_common.events import events_registry
from eldersafe_common.migrate import run_env

run_env(events_registry.metadata)
