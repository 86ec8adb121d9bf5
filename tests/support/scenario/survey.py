"""The survey as the inspectors do it, over HTTP: tasks planned for accounts, a draft, each department's section
answered by its own inspector, the facility manager's acknowledgement, the submission; and the ledger entry each
finding becomes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from PIL import Image

from .actors import Actor, People, eventually


@dataclass(frozen=True)
class Finding:
    name: str  # the scenario's name for the hazard it opens
    item: str  # the check item's code
    description: str  # what was found (messages name it)
    measures: str
    severity: str  # as the checklist marks the item (major_hazard)


def image(color: tuple[int, int, int]) -> bytes:
    """A small PNG standing in for a photo taken on site."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    return buffer.getvalue()


def plan_task(planner: Actor, people: People, *, campaign_id: str, facility_id: str, departments: list[str],
              due: str, mode: str = "announced") -> dict[str, Any]:
    """A task for the departments' staff accounts (their ids, as the SPA's picker sends them)."""
    assignees = [{"subject": people.staff(department).id} for department in departments]
    return dict(planner.post("/api/inspection/tasks", {
        "campaign_id": campaign_id, "facility_id": facility_id, "departments": departments, "mode": mode,
        "assignees": assignees, "due_date": due}, expect=201))


def _passing(item: dict[str, Any]) -> float:
    low, high = item.get("number_min"), item.get("number_max")
    if low is not None and high is not None:
        return float((low + high) / 2)
    if low is not None:
        return float(low * 1.5 or 1)
    return float(high / 3) if high is not None else 1.0


def answer(item: dict[str, Any], finding: Finding | None, photo_id: str) -> dict[str, Any]:
    """A pass (numbers inside their limits, a photo where one is required), or a failure with its finding."""
    result: dict[str, Any] = {"item_id": item["id"], "result": "pass"}
    if item["answer_type"] == "number":
        result["number"] = _passing(item)
    if item["answer_type"] == "text":
        result["text"] = "已查看，符合要求"
    if item.get("photo_required") or item["answer_type"] == "photo" or finding is not None:
        result["photo_ids"] = [photo_id]
    if finding is not None:
        result["result"] = "fail"
        result["finding"] = {"description": finding.description, "measures": finding.measures}
    return result


def start_inspection(people: People, *, campaign_id: str, facility_id: str, departments: list[str],
                     mode: str = "announced", task_id: str | None = None, expect: int = 201) -> Any:
    """The first department's inspector opens the draft, naming every inspector of the visit."""
    lead = people.staff(departments[0])
    body: dict[str, Any] = {
        "campaign_id": campaign_id, "facility_id": facility_id, "mode": mode, "departments": departments,
        "inspectors": [{"name": people.staff(d).name, "department": d, "subject": people.staff(d).id}
                       for d in departments]}
    if task_id:
        body["task_id"] = task_id
    return lead.post("/api/inspection/inspections", body, expect=expect)


def inspect(people: People, *, campaign_id: str, facility_id: str, departments: list[str],
            findings: tuple[Finding, ...] = (), mode: str = "announced", task_id: str | None = None,
            acknowledged_by: Actor | None = None, manager_name: str = "") -> dict[str, Any]:
    """One visit from draft to submission (a joint visit when several departments); returns the submitted
    inspection. Each section is answered by its department's own inspector; the facility's manager acknowledges
    the findings when the facility has an account of its own."""
    draft = start_inspection(people, campaign_id=campaign_id, facility_id=facility_id, departments=departments,
                             mode=mode, task_id=task_id)
    lead = people.staff(departments[0])
    photo = lead.upload("/api/inspection/photos", name="现场.png", content=image((196, 62, 48)),
                        content_type="image/png")
    failing = {finding.item: finding for finding in findings}
    for section in draft["sections"]:
        inspector = people.staff(section["department"])
        answers = [answer(item, failing.pop(item["code"], None), photo["id"]) for item in section["items"]]
        inspector.put(f"/api/inspection/inspections/{draft['id']}/answers", {"answers": answers})
    assert not failing, f"no such items in the sections: {sorted(failing)}"
    if acknowledged_by is not None:
        acknowledged = acknowledged_by.post(f"/api/inspection/inspections/{draft['id']}/acknowledge",
                                            {"name": manager_name})
        assert acknowledged["acknowledgement"]["name"] == manager_name, acknowledged["acknowledgement"]
    submitted = lead.post(f"/api/inspection/inspections/{draft['id']}/submit",
                          headers={"Idempotency-Key": f"scenario-{draft['id']}"})
    assert submitted["status"] == "submitted", submitted["status"]
    return dict(submitted)


def ledger_entries(reader: Actor, inspection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The ledger entry of each finding of a submitted inspection, by item code, once rectification has them."""
    keys = {finding["hazard_key"]: finding["item_code"] for finding in inspection["findings"]}

    def read() -> dict[str, dict[str, Any]]:
        page = reader.get("/api/rectification/hazards", params={"facility_id": inspection["facility_id"],
                                                                 "page_size": 100})
        return {keys[row["hazard_key"]]: row for row in page["items"] if row["hazard_key"] in keys}

    return eventually(read, lambda found: len(found) == len(keys), what=f"ledger entries of {sorted(keys.values())}")


def task(reader: Actor, task_id: str) -> dict[str, Any]:
    return dict(reader.get(f"/api/inspection/tasks/{task_id}"))
