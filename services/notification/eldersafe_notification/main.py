"""The notification service's web process (no scheduler or consumer runs here)."""

from eldersafe_common import clock
from eldersafe_common.app import create_service_app
from eldersafe_common.db import transaction

from .contacts.router import router as contacts_router
from .delivery.router import deliveries_router, inbox_router
from .deps import get_engine
from .rules import notices
from .rules.router import router as rules_router
from .webhooks.router import open_router as open_webhooks_router
from .webhooks.router import router as webhooks_router


def health_warnings() -> list[str]:
    """A needed year the working-day calendar does not know (this year; next year from 1 November)."""
    with transaction(get_engine(), readonly=True) as session:
        return notices.warnings(session, now=clock.now())


app = create_service_app(
    name="notification",
    title="ElderSafe notification service",
    description="Deadline alerts, the escalation ladder, SMS, email, inbox and webhooks.",
    get_engine=get_engine,
    health_warnings=health_warnings,
)
app.include_router(contacts_router)
app.include_router(inbox_router)
app.include_router(deliveries_router)
app.include_router(webhooks_router)
app.include_router(open_webhooks_router)
app.include_router(rules_router)
