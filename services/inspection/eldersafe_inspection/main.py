"""The inspection service's web process (no scheduler or consumer runs here)."""

from eldersafe_common.app import create_service_app

from .checklists.router import router as checklists_router
from .deps import get_engine
from .targets.router import router as targets_router

app = create_service_app(
    name="inspection",
    title="ElderSafe inspection service",
    description="Campaigns, checklists and inspections of elderly-care facilities.",
    get_engine=get_engine,
)
app.include_router(targets_router)
app.include_router(checklists_router)
