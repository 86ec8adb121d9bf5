from tests.services.notification.delivery.conftest import configure, engine

__all__ = ["configure", "engine"]
