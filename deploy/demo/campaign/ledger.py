"""Rectification as the roles do it: the facility (or the department on its behalf) rectifies, another person
accepts or rejects, a third signs off; the task force classifies, issues supervision orders and approves plans;
the sub-district relocates residents; planners staff the follow-up visits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .people import Actor, image
from .story import MANAGED, FollowUp, Steps
from .survey import Scene, inspect

Step = tuple[int, str]  # (day, action)


def steps_of(steps: Steps) -> list[Step]:
    """A hazard's steps in the order they happen."""
    named = [(steps.start, "start"), (steps.extension, "extension"), (steps.submit, "submit"),
             (steps.reject, "reject"), (steps.accept, "accept"), (steps.sign_off, "sign_off")]
    return sorted(((day, action) for day, action in named if day is not None), key=lambda step: step[0])


def _person(scene: Scene, facility: int, department: str, action: str) -> Actor:
    """Who takes the step: three different people rectify, accept and sign off (four eyes, and then six)."""
    people = scene.people
    rectifies = action in ("start", "submit", "extension")
    if facility == MANAGED:
        return people["facility_manager"] if rectifies else (
            people.head(department) if action == "sign_off" else people.staff(department))
    # Facilities without an account of their own: the department's inspector records what the facility did.
    if rectifies:
        return people.staff(department)
    return people["civil_affairs_head"] if action == "sign_off" else people.head(department)


async def hazard_step(scene: Scene, *, facility: int, item: str, action: str) -> None:
    """One step of one hazard, by the person whose step it is."""
    hazard_id, department = scene.hazards[(facility, item)]
    path = f"/api/rectification/hazards/{hazard_id}"
    actor = _person(scene, facility, department, action)
    if action == "start":
        await actor.post(f"{path}/start")
    elif action == "submit":
        await actor.upload(f"{path}/evidence", name="整改照片.png", content=image((120, 170, 120)),
                           content_type="image/png", data={"note": "整改完成后现场照片"})
        await actor.post(f"{path}/submit", {"note": "已按整改措施完成整改，请验收。"})
    elif action == "reject":
        await actor.post(f"{path}/reject", {"reason": "整改照片未能反映整改后的实际情况，请补充现场照片后重新提交。"})
    elif action == "accept":
        await actor.post(f"{path}/accept", {"note": "现场复核，整改到位。"})
    elif action == "sign_off":
        await actor.post(f"{path}/sign-off")
    elif action == "extension":
        hazard = await actor.get(path)
        new_deadline = date.fromisoformat(hazard["deadline"]) + timedelta(days=14)
        await actor.post(f"{path}/extensions", {
            "new_deadline": str(new_deadline), "reason": "探测器需统一采购安装，供货周期约两周，申请延期。",
        }, expect=201)
    scene.count(f"hazard {action}")


async def classify(scene: Scene, *, facility: int, klass: str, by: str, reason: str) -> None:
    await scene.people[by].post(
        f"/api/inspection/campaigns/{scene.campaign_id}/classifications/{scene.facility_id(facility)}",
        {"class": klass, "reason": reason})
    scene.count("classifications")


async def issue_order(scene: Scene, *, facility: int, item: str, by: str, deadline: int, level: str,
                      supervisor: str, requirements: str) -> dict[str, Any]:
    order = await scene.people[by].post("/api/rectification/supervision-orders", {
        "hazard_ids": [scene.hazards[(facility, item)][0]], "level": level, "supervisor_name": supervisor,
        "deadline": str(scene.platform.clock.date_of(deadline)), "requirements": requirements}, expect=201)
    scene.count("supervision orders")
    return dict(order)


async def write_plan(scene: Scene, *, facility: int, by: str, plan: dict[str, Any]) -> None:
    """Complete the draft the classification started (PUT replaces it, with the draft's version)."""
    actor = scene.people[by]
    path = f"/api/rectification/facilities/{scene.facility_id(facility)}/plan"
    draft = await actor.get(path)
    milestones = [{**m, "due_date": str(scene.platform.clock.date_of(m["due_date"]))} for m in plan["milestones"]]
    await actor.put(path, {**plan, "milestones": milestones, "campaign_id": scene.campaign_id,
                           "version": draft["version"]})
    scene.count("plans")


async def approve_plan(scene: Scene, *, facility: int, by: str, note: str) -> None:
    path = f"/api/rectification/facilities/{scene.facility_id(facility)}/plan"
    await scene.people[by].post(f"{path}/approve", {"note": note})


async def milestone_done(scene: Scene, *, facility: int, by: str, index: int) -> None:
    path = f"/api/rectification/facilities/{scene.facility_id(facility)}/plan/milestones/{index}/done"
    await scene.people[by].post(path, {"done": True})


async def relocate(scene: Scene, *, facility: int, by: str, moves: list[dict[str, Any]], confirmed_by: str) -> None:
    """Move residents out, the first on the roster first; each move names where they went."""
    actor = scene.people[by]
    base = f"/api/registry/facilities/{scene.facility_id(facility)}/residents"
    roster = await actor.get(base, params={"page_size": len(moves)})
    today = str(scene.platform.clock.date_of(scene.platform.clock.day))
    for resident, move in zip(roster["items"], moves, strict=False):
        body: dict[str, Any] = {"destination_kind": move["kind"], "moved_on": today, "confirmed_by_name": confirmed_by}
        if move["kind"] == "facility":
            body["receiving_facility_id"] = scene.facility_id(move["to"])
        else:
            body["destination"] = move["to"]
        await actor.post(f"{base}/{resident['id']}/relocate", body)
        scene.count("relocations")


async def staff_follow_up(scene: Scene, follow_up: FollowUp) -> None:
    """A planner names the inspectors of the follow-up task the ledger's sign-offs asked for."""
    planner = scene.people["civil_affairs_head"]
    tasks = await planner.get("/api/inspection/tasks", params={
        "facility_id": scene.facility_id(follow_up.facility), "status": "planned", "page_size": 100})
    task = next(t for t in tasks["items"] if t["mode"] == "follow_up")
    assignees = [{"subject": scene.people.staff(d).id, "name": scene.people.staff(d).name}
                 for d in task["departments"]]
    await planner.patch(f"/api/inspection/tasks/{task['id']}", {"assignees": assignees})
    scene.follow_up_tasks[follow_up.facility] = str(task["id"])


async def follow_up_visit(scene: Scene, follow_up: FollowUp) -> None:
    task_id = scene.follow_up_tasks[follow_up.facility]
    task = await scene.people["civil_affairs_head"].get(f"/api/inspection/tasks/{task_id}")
    await inspect(scene, facility=follow_up.facility, departments=tuple(task["departments"]), mode="follow_up",
                  findings=follow_up.findings, task_id=task_id, key=f"demo-follow-up-{follow_up.facility}")

