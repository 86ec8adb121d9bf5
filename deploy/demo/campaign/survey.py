"""The survey as the inspectors do it: tasks planned for them, then on the day a draft, each department's section
answered by its own inspector, the manager's acknowledgement, and the submission."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .inprocess import Platform
from .people import Actor, People, image
from .story import MANAGED, PLANNERS, Finding, Visit

PHOTO_COLORS = ((196, 62, 48), (70, 120, 170), (90, 150, 90), (200, 160, 60))


@dataclass
class Scene:
    """What the story has made so far, shared by every role's actions."""

    platform: Platform
    people: People
    facilities: list[dict[str, Any]]
    district: str
    campaign_id: str = ""
    tasks: dict[int, str] = field(default_factory=dict)  # id(visit) → task id
    # (facility, item code) → (hazard id, its department)
    hazards: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)
    tips: dict[str, dict[str, str]] = field(default_factory=dict)  # story key → id, number, receipt
    follow_up_tasks: dict[int, str] = field(default_factory=dict)  # facility → its follow-up task
    counts: dict[str, int] = field(default_factory=dict)

    def facility_id(self, index: int) -> str:
        return str(self.facilities[index]["id"])

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def planner_of(team: str, departments: tuple[str, ...]) -> str:
    return PLANNERS.get(team) or f"{departments[0]}_head"


async def plan_task(scene: Scene, *, planner: str, facility: int, departments: tuple[str, ...], mode: str,
                    due: int) -> str:
    """A task for the departments' staff (their account ids, as the SPA's picker sends them)."""
    assignees = [{"subject": scene.people.staff(dept).id, "name": scene.people.staff(dept).name}
                 for dept in departments]
    task = await scene.people[planner].post("/api/inspection/tasks", {
        "campaign_id": scene.campaign_id, "facility_id": scene.facility_id(facility),
        "departments": list(departments), "mode": mode, "assignees": assignees,
        "due_date": str(scene.platform.clock.date_of(due)),
    }, expect=201)
    scene.count("tasks")
    return str(task["id"])


async def plan_visit(scene: Scene, visit: Visit) -> None:
    scene.tasks[id(visit)] = await plan_task(
        scene, planner=planner_of(visit.team, visit.departments), facility=visit.facility,
        departments=visit.departments, mode=visit.mode, due=visit.due)


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
        result["number"] = finding.number if finding and finding.number is not None else _passing(item)
    if item["answer_type"] == "text":
        result["text"] = "已查看，符合要求"
    if item.get("photo_required") or item["answer_type"] == "photo" or finding is not None:
        result["photo_ids"] = [photo_id]
    if finding is not None:
        result["result"] = "fail"
        result["finding"] = {"description": finding.text, "measures": finding.measures}
    return result


async def inspect(scene: Scene, *, facility: int, departments: tuple[str, ...], mode: str,
                  findings: tuple[Finding, ...], task_id: str | None, key: str) -> dict[str, Any]:
    """One visit from draft to submission; returns the submitted inspection."""
    people = scene.people
    self_check = mode == "self_check"
    team: list[tuple[Actor, str]] = [(people["facility_manager"] if self_check else people.staff(dept), dept)
                                     for dept in departments]
    lead = team[0][0]
    color = PHOTO_COLORS[len(key) % len(PHOTO_COLORS)]
    photo = await lead.upload("/api/inspection/photos", name="site.png", content=image(color),
                              content_type="image/png")
    body: dict[str, Any] = {
        "campaign_id": scene.campaign_id, "facility_id": scene.facility_id(facility), "mode": mode,
        "departments": list(departments),
        "inspectors": [{"name": person.name, "department": dept, "subject": person.id} for person, dept in team],
    }
    if task_id:
        body["task_id"] = task_id
    draft = await lead.post("/api/inspection/inspections", body, expect=201, headers={"Idempotency-Key": key})
    failing = {finding.item: finding for finding in findings}
    for section in draft["sections"]:
        inspector = lead if self_check else people.staff(section["department"])
        answers = [answer(item, failing.get(item["code"]), photo["id"]) for item in section["items"]]
        await inspector.put(f"/api/inspection/inspections/{draft['id']}/answers", {"answers": answers})
    manager = scene.facilities[facility]["manager"]
    witness = people["facility_manager"] if facility == MANAGED else lead
    await witness.post(f"/api/inspection/inspections/{draft['id']}/acknowledge", {"name": manager})
    submitted = await lead.post(f"/api/inspection/inspections/{draft['id']}/submit",
                                headers={"Idempotency-Key": f"{key}-submit"})
    scene.count("inspections")
    scene.platform.settle(only={"rectification.ledger"})  # the rest catch up after the step
    await remember_hazards(scene, facility=facility, inspection=submitted, findings=findings)
    return dict(submitted)


async def remember_hazards(scene: Scene, *, facility: int, inspection: dict[str, Any],
                           findings: tuple[Finding, ...]) -> None:
    """Find the ledger entries the submission made (by hazard key), to act on them later."""
    if not findings:
        return
    keys = {f["hazard_key"]: f["item_code"] for f in inspection["findings"]}
    page = await scene.people["civil_affairs_head"].get("/api/rectification/hazards", params={
        "facility_id": scene.facility_id(facility), "page_size": 100})
    for hazard in page["items"]:
        if hazard["hazard_key"] in keys or (hazard["item_code"] in keys.values() and hazard["relapse"]):
            scene.hazards[(facility, hazard["item_code"])] = (hazard["id"], hazard["departments"][0])
    missing = [f.item for f in findings if (facility, f.item) not in scene.hazards]
    if missing:
        raise RuntimeError(f"no ledger entry for {missing} at facility {facility}")


async def survey_visit(scene: Scene, visit: Visit) -> None:
    await inspect(scene, facility=visit.facility, departments=visit.departments, mode=visit.mode,
                  findings=visit.findings, task_id=scene.tasks[id(visit)],
                  key=f"demo-{visit.facility}-{visit.team}-{visit.day}")
