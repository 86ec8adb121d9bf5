"""Tips as the public and the staff handle them: a reporter files one on the public tip page (no account), civil
affairs triages it, the assigned department checks it with a tip-check inspection, answers the reporter, proposes a
reward that its head approves and the custodian pays."""

from __future__ import annotations

from typing import Any

from eldersafe_common.db import transaction

from . import DEMO_RECEIPT
from .people import check, image
from .story import Tip
from .survey import Scene, inspect


async def submit(scene: Scene, tip: Tip) -> None:
    """The reporter's form on /tip (multipart, as the page sends it); the staff find it in their queue."""
    form: dict[str, str] = {"category": tip.category, "description": tip.description}
    if tip.facility is not None:
        form["facility_id"] = scene.facility_id(tip.facility)
    if tip.location:
        form["location"] = tip.location
    if tip.contact:
        form |= {"contact": tip.contact, "contact_consent": "true"}
    files = [("photos", ("现场.jpg", image((150, 150, 160), size=(96, 72)), "image/png"))] if tip.facility else None
    response = await scene.platform.client.post("/api/inspection/public/tips", data=form, files=files)
    receipt = check(response, 201, f"a reporter files tip {tip.key}")
    if tip.demo_receipt:
        _give_demo_receipt(number=receipt["number"])
    found = await scene.people["civil_affairs_staff"].get("/api/inspection/tips", params={"q": receipt["number"]})
    scene.tips[tip.key] = {"id": found["items"][0]["id"], "number": receipt["number"],
                           "receipt": DEMO_RECEIPT if tip.demo_receipt else receipt["receipt"]}
    scene.count("tips")


def _give_demo_receipt(*, number: str) -> None:
    """The inspection service's own development-only seed code keys the tip to the README's receipt."""
    from eldersafe_inspection.deps import get_engine
    from eldersafe_inspection.seed import give_demo_receipt

    with transaction(get_engine()) as session:
        give_demo_receipt(session, number=number, receipt=DEMO_RECEIPT)


async def _tip(scene: Scene, tip: Tip) -> tuple[str, dict[str, Any]]:
    tip_id = str(scene.tips[tip.key]["id"])
    return tip_id, dict(await scene.people["civil_affairs_staff"].get(f"/api/inspection/tips/{tip_id}"))


async def mark_duplicate(scene: Scene, tip: Tip) -> None:
    tip_id, current = await _tip(scene, tip)
    await scene.people["civil_affairs_staff"].post(f"/api/inspection/tips/{tip_id}/duplicate", {
        "duplicate_of": scene.tips[tip.duplicate_of or ""]["number"],
        "note": "与先前举报反映的是同一问题，已一并核查处理。", "version": current["version"]})


async def close(scene: Scene, tip: Tip) -> None:
    tip_id, current = await _tip(scene, tip)
    await scene.people["civil_affairs_staff"].post(f"/api/inspection/tips/{tip_id}/close",
                                                   {"reason": tip.close_reason, "version": current["version"]})


async def assign(scene: Scene, tip: Tip) -> None:
    """Civil affairs sends the tip to a department (a tip-check task); the department's head staffs the task."""
    assert tip.assign is not None
    department = tip.assign[1]
    tip_id, current = await _tip(scene, tip)
    assigned = await scene.people["civil_affairs_staff"].post(f"/api/inspection/tips/{tip_id}/assign", {
        "department": department, "version": current["version"]})
    inspector = scene.people.staff(department)
    await scene.people.head(department).patch(f"/api/inspection/tasks/{assigned['task_id']}", {
        "assignees": [{"subject": inspector.id, "name": inspector.name}]})


async def check_tip(scene: Scene, tip: Tip) -> None:
    """The assigned inspector visits with the tip-check task; the submission settles the tip's outcome."""
    assert tip.check is not None and tip.facility is not None
    tip_id, current = await _tip(scene, tip)
    department = current["assigned_department"]
    await inspect(scene, facility=tip.facility, departments=(department,), mode="tip_check", findings=tip.check[1],
                  task_id=current["task_id"], key=f"demo-tip-{tip.key}")
    if tip.outcome_note:
        tip_id, current = await _tip(scene, tip)
        await scene.people.staff(department).post(f"/api/inspection/tips/{tip_id}/outcome", {
            "outcome": current["status"], "note": tip.outcome_note, "version": current["version"]})


async def message(scene: Scene, tip: Tip, *, side: str, body: str) -> None:
    """The reporter writes with the receipt on the tip page; the department answers in the tip's thread."""
    if side == "reporter":
        response = await scene.platform.client.post("/api/inspection/public/tips/messages",
                                                    json={"receipt": scene.tips[tip.key]["receipt"], "body": body})
        check(response, 201, "the reporter writes")
    else:
        tip_id, current = await _tip(scene, tip)
        await scene.people.staff(current["assigned_department"]).post(
            f"/api/inspection/tips/{tip_id}/messages", {"body": body}, expect=201)


async def propose_reward(scene: Scene, tip: Tip) -> None:
    assert tip.reward is not None
    tip_id, current = await _tip(scene, tip)
    await scene.people.staff(current["assigned_department"]).post(f"/api/inspection/tips/{tip_id}/reward", {
        "basis": "major_hazard", "fine_fen": tip.reward[0], "note": "经核实存在重大事故隐患，依法处以罚款。",
    }, expect=201)


async def _reward(scene: Scene, tip: Tip) -> dict[str, Any]:
    rewards = await scene.people["reward_custodian"].get("/api/inspection/rewards", params={"page_size": 100})
    return next(r for r in rewards["items"] if r["tip_id"] == scene.tips[tip.key]["id"])


async def approve_reward(scene: Scene, tip: Tip) -> None:
    reward = await _reward(scene, tip)
    await scene.people.head(reward["department"]).post(f"/api/inspection/rewards/{reward['id']}/approve", {
        "note": "符合举报奖励条件，同意按规则计发。", "version": reward["version"]})


async def pay_reward(scene: Scene, tip: Tip) -> None:
    reward = await _reward(scene, tip)
    custodian = scene.people["reward_custodian"]
    await custodian.post(f"/api/inspection/rewards/{reward['id']}/contact")  # read to pay; the audit records it
    today = scene.platform.clock.date_of(scene.platform.clock.day)
    await custodian.post(f"/api/inspection/rewards/{reward['id']}/payout", {
        "paid_on": str(today), "payout_reference": f"JL-{today:%Y%m%d}-001", "version": reward["version"]})
    scene.count("rewards paid")
