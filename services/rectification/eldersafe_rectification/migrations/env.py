from eldersafe_common.migrate import run_env
from eldersafe_rectification.metadata import metadata

run_env(metadata)
