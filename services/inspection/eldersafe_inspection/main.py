"""The inspection service's web process (no scheduler or consumer runs here)."""

from eldersafe_common.app import create_service_app

from .accounts.router import router as inspectors_router
from .campaigns.router import router as campaigns_router
from .checklists.router import router as checklists_router
from .classification.router import router as classification_router
from .deps import get_engine
from .inspections.photo_router import router as photo_reading_router
from .inspections.router import router as inspections_router
from .open_api.router import router as open_api_router
from .photos.router import router as photos_router
from .reports.router import router as reports_router
from .targets.router import router as targets_router
from .tasks.router import router as tasks_router
from .tipoffs.open311.router import router as open311_router
from .tipoffs.rewards.router import router as rewards_router
from .tipoffs.tips.public_router import router as public_tips_router
from .tipoffs.tips.router import router as tips_router
from .wiring import install

install()
app = create_service_app(
    name="inspection",
    title="ElderSafe inspection service",
    description="Campaigns, checklists and inspections of elderly-care facilities.",
    get_engine=get_engine,
)
# First: Starlette matches routes in order, and the public intake is the path that must carry the most traffic.
app.include_router(public_tips_router)
app.include_router(targets_router)
app.include_router(campaigns_router)
app.include_router(tasks_router)
app.include_router(inspectors_router)
app.include_router(classification_router)
app.include_router(reports_router)
app.include_router(checklists_router)
app.include_router(inspections_router)
app.include_router(photos_router)
app.include_router(photo_reading_router)
app.include_router(tips_router)
app.include_router(rewards_router)
app.include_router(open311_router)
app.include_router(open_api_router)
