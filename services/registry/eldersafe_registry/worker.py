"""``python -m eldersafe_registry.worker``: the registry's event consumers (approved facility plans)."""

from eldersafe_common.worker import run_worker

from .consumers import consumers
from .deps import get_engine


def main() -> None:
    run_worker("registry", get_engine(), consumers())


if __name__ == "__main__":
    main()
