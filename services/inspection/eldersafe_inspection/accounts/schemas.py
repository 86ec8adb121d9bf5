"""The inspector picker's answers."""

from __future__ import annotations

from pydantic import BaseModel, Field


class InspectorAccount(BaseModel):
    subject: str = Field(description="The account id: a task's assignee subject, the token's sub")
    name: str
    username: str
    department: str
    position: str


class InspectorPage(BaseModel):
    items: list[InspectorAccount]
    total: int
    page: int
    page_size: int
