from eldersafe_common.migrate import run_env
from eldersafe_inspection.metadata import metadata

run_env(metadata)
