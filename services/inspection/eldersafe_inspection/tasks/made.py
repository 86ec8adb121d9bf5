"""The inspections made for tasks, as the tasks see them (their status and the departments they answered).

The inspections depend on tasks (an inspection is created for a task and moves its status), so tasks cannot
import them: the inspections' repository answers through a source the app and worker factories install
(``wiring.install``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from sqlmodel import Session


class MadeInspection(Protocol):
    """What a task needs of an inspection made for it."""

    @property
    def id(self) -> str: ...

    @property
    def departments(self) -> list[str]: ...

    @property
    def status(self) -> str: ...


class InspectionsOfTasks(Protocol):
    """The inspections' answer (``inspections/repository.py`` is one)."""

    def inspections_of_tasks(self, session: Session,
                             task_ids: Iterable[str]) -> Mapping[str, Sequence[MadeInspection]]: ...


_source: InspectionsOfTasks | None = None


def answer_from(source: InspectionsOfTasks) -> None:
    """Install the inspections' answer (the app and worker factories do, through ``wiring.install``)."""
    global _source
    _source = source


def inspections_of_tasks(session: Session, task_ids: Iterable[str]) -> Mapping[str, Sequence[MadeInspection]]:
    """The inspections made for each task, oldest first (every task id is a key)."""
    if _source is None:
        raise RuntimeError("No source of the tasks' inspections: call eldersafe_inspection.wiring.install() first")
    return _source.inspections_of_tasks(session, task_ids)
