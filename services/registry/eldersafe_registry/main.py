"""The registry service's web process."""

from eldersafe_common.app import create_service_app

from .areas.router import router as areas_router
from .deps import get_engine
from .facilities.router import router as facilities_router
from .imports.router import router as imports_router
from .open_api.router import router as open_api_router
from .residents.router import router as residents_router
from .task_force.router import router as task_force_router

app = create_service_app(
    name="registry",
    title="ElderSafe registry service",
    description="Facilities, residents, areas, departments and the task force roster.",
    get_engine=get_engine,
)
# The import/export paths come before /facilities/{facility_id}, which would otherwise claim them.
app.include_router(imports_router)
app.include_router(facilities_router)
app.include_router(residents_router)
app.include_router(areas_router)
app.include_router(task_force_router)
app.include_router(open_api_router)


def run() -> None:
    import uvicorn

    from .settings import get_settings

    settings = get_settings()
    uvicorn.run(app, host=settings.host, port=settings.port)


if __name__ == "__main__":
    run()
