"""``python -m eldersafe_notification.worker``: the event consumers (the scheduler joins in a later issue)."""

from eldersafe_common.worker import run_worker

from .consumers import consumers
from .deps import get_engine


def main() -> None:
    run_worker("notification", get_engine(), consumers())


if __name__ == "__main__":
    main()
