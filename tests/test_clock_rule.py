"""One clock: every "now" and "today" comes from ``eldersafe_common.clock`` (China time, movable in development).

A call to ``date.today()`` or a naive ``datetime.now()`` reads the server's own zone and date, which between
00:00 and 08:00 China time is yesterday in UTC; ``datetime.now(UTC)`` ignores the moved demo clock. Tests and
benchmarks are held to the same rule, or they date things with a calendar the platform does not use.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("libs", "gateway", "services", "tests", "bench", "deploy")
CLOCK = ROOT / "libs/common/eldersafe_common/clock.py"


def _forbidden_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner, method = node.func.value, node.func.attr
        owner_name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
        if owner_name == "date" and method == "today":
            found.append((node.lineno, "date.today()"))
        elif owner_name == "datetime" and method in ("today", "utcnow", "utcfromtimestamp"):
            found.append((node.lineno, f"datetime.{method}()"))
        elif owner_name == "datetime" and method == "now":
            found.append((node.lineno, "datetime.now(...)" if node.args or node.keywords else "datetime.now()"))
    return found


def test_every_now_and_today_comes_from_the_one_clock() -> None:
    offenders = []
    for folder in SCANNED:
        for path in (ROOT / folder).rglob("*.py"):
            if path == CLOCK or "node_modules" in path.parts:
                continue
            for line, call in _forbidden_calls(ast.parse(path.read_text(), filename=str(path))):
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {call}")
    assert offenders == [], "use eldersafe_common.clock (now, china_today, wall_now):\n" + "\n".join(offenders)


def test_the_rule_catches_what_it_forbids() -> None:
    source = "date.today()\ndatetime.now()\ndatetime.now(UTC)\ndt.datetime.utcnow()\nclock.now()\n"
    assert [call for _, call in _forbidden_calls(ast.parse(source))] == [
        "date.today()", "datetime.now()", "datetime.now(...)", "datetime.utcnow()"]
