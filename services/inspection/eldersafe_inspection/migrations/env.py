from eldersafe_common.migrate import run_env
from eldersafe_inspection.models import inspection_registry

run_env(inspection_registry.metadata)
