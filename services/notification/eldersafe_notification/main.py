"""The notification service's web process (no scheduler or consumer runs here)."""

from eldersafe_common.app import create_service_app

from .deps import get_engine
from .router import router

app = create_service_app(
    name="notification",
    title="ElderSafe notification service",
    description="Deadline alerts, the escalation ladder, SMS, email, inbox and webhooks.",
    get_engine=get_engine,
)
app.include_router(router)
