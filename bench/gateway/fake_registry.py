"""A stand-in registry for the benchmark: the facility list call, 20 rows of JSON, no database."""

from __future__ import annotations

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="fake registry")


class Facility(BaseModel):
    id: str
    name: str
    uscc: str
    address: str
    area_code: str
    licensed_beds: int
    residents_count: int
    status: str


class FacilityPage(BaseModel):
    items: list[Facility]
    total: int
    page: int
    page_size: int


ROWS = [
    Facility(id=f"00000000-0000-4000-8000-{i:012d}", name=f"示范养老院{i}", uscc=f"52999001A4C123B1{i:02d}",
             address=f"鹤鸣区示范路{i}号", area_code="999001001001", licensed_beds=100 + i, residents_count=50 + i,
             status="operating")
    for i in range(20)
]


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"service": "registry", "status": "ok", "database": "ok"}


@app.get("/api/registry/facilities", response_model=FacilityPage)
def list_facilities(page: int = 1, page_size: int = 20) -> FacilityPage:
    return FacilityPage(items=ROWS[:page_size], total=len(ROWS), page=page, page_size=page_size)
