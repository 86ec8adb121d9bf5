"""The rectification service's web process (no scheduler or consumer runs here)."""

from fastapi import FastAPI

from eldersafe_common.app import create_service_app

from . import hooks
from .deps import get_engine
from .documents.router import router as documents_router
from .facilities.router import router as facilities_router
from .followups.router import router as followups_router
from .ledger.router import router as ledger_router
from .open_api.router import router as open_api_router
from .plans.router import router as plans_router
from .statistics.router import router as statistics_router
from .supervision.router import router as supervision_router


def create_app() -> FastAPI:
    """The app with every route, after the write hooks are installed (``hooks.install``)."""
    hooks.install()
    app = create_service_app(
        name="rectification",
        title="ElderSafe rectification service",
        description="The hazard ledger, supervision orders, acceptance, sign-off and relocation.",
        get_engine=get_engine,
    )
    app.include_router(facilities_router)
    app.include_router(supervision_router)
    app.include_router(documents_router)
    app.include_router(ledger_router)
    app.include_router(plans_router)
    app.include_router(followups_router)
    app.include_router(statistics_router)
    app.include_router(open_api_router)
    return app


app = create_app()
