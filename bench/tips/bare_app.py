"""The floor to compare with: a bare FastAPI endpoint taking the same multipart form and answering 201 JSON,
with no validation beyond the form, no database, no hashing and no gateway."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import FastAPI, Form

from eldersafe_common import clock

app = FastAPI()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/api/inspection/public/tips", status_code=201)
def submit(category: Annotated[str, Form()], description: Annotated[str, Form()],
           facility_id: Annotated[str | None, Form()] = None,
           location: Annotated[str | None, Form()] = None) -> dict[str, str]:
    return {"number": "JB-2026-000000", "receipt": "".join(secrets.choice("0123456789") for _ in range(16)),
            "status": "received", "created_at": clock.now().isoformat()}
