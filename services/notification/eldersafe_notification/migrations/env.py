from eldersafe_common.migrate import run_env
from eldersafe_notification.metadata import metadata

run_env(metadata)
