"""``python -m eldersafe_registry.worker``: the registry consumes no events yet; the process exists so that
the platform's process list stays uniform and consumers can be added without touching deployment."""

from eldersafe_common.worker import run_worker

from .deps import get_engine


def main() -> None:
    run_worker("registry", get_engine(), [])


if __name__ == "__main__":
    main()
