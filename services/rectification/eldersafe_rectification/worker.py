"""``python -m eldersafe_rectification.worker``: the event consumers (schedulers join in later issues)."""

from eldersafe_common.worker import run_worker

from .consumers import consumers
from .deps import get_engine


def main() -> None:
    run_worker("rectification", get_engine(), consumers())


if __name__ == "__main__":
    main()
