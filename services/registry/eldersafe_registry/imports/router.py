from typing import Annotated, Any

from fastapi import APIRouter, File, Response, UploadFile
from pydantic import BaseModel

from eldersafe_common.errors import problem_responses
from eldersafe_common.validation import only_query

from .. import access
from ..deps import CurrentPrincipal, SessionDep
from ..facilities.router import FILTER_NAMES, FiltersDep
from ..settings import get_settings
from . import service

router = APIRouter(prefix="/api/registry/facilities", tags=["facility import and export"])

_BINARY = {"schema": {"type": "string", "format": "binary"}}
_XLSX: dict[int | str, dict[str, Any]] = {
    200: {"content": {service.XLSX_MEDIA_TYPE: _BINARY}, "description": "An .xlsx workbook"},
}


class ImportResult(BaseModel):
    imported: int


@router.post("/import", response_model=ImportResult, responses=problem_responses(401, 403, 413, 415))
def import_facilities(file: Annotated[UploadFile, File(description=".xlsx, at most 5 MB and 2,000 rows")],
                      session: SessionDep, principal: CurrentPrincipal) -> ImportResult:
    """Register facilities from a workbook laid out like the template: every row, or none (civil affairs, admin)."""
    settings = get_settings()
    imported = service.import_facilities(session, principal=principal, stream=file.file,
                                         max_bytes=settings.import_max_bytes, max_rows=settings.import_max_rows)
    return ImportResult(imported=imported)


@router.get("/import-template", response_class=Response, responses={**_XLSX, **problem_responses(401, 403)})
def import_template(principal: CurrentPrincipal) -> Response:
    """The import template: the header row and one example row (civil affairs, admin)."""
    access.require_base_data_writer(principal)
    return Response(service.template(), media_type=service.XLSX_MEDIA_TYPE,
                    headers={"Content-Disposition": 'attachment; filename="facility-import-template.xlsx"'})


@router.get("/export", response_class=Response, responses={**_XLSX, **problem_responses(401, 403)},
            dependencies=[only_query(*FILTER_NAMES)])
def export_facilities(session: SessionDep, principal: CurrentPrincipal, filters: FiltersDep) -> Response:
    """The filtered facilities as a workbook that the import accepts back (civil affairs, admin)."""
    body = service.export(session, principal=principal, filters=filters)
    return Response(body, media_type=service.XLSX_MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{service.export_filename()}"'})
