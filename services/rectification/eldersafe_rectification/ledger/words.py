"""The ledger's codes in the words the screens use (zh-CN), for what people read: the xlsx export."""

from __future__ import annotations

from collections.abc import Iterable

from .states import LABELS

STATES = LABELS  # the state table's words
SEVERITIES = {"ordinary": "一般隐患", "major": "重大隐患"}
DEPARTMENTS = {"civil_affairs": "民政", "emergency": "应急", "fire": "消防", "police": "公安", "health": "卫健",
               "housing": "住建", "market": "市场监管"}
CATEGORIES = {"fire": "消防", "building": "建筑", "food": "食品", "medical": "医疗", "security": "治安",
              "management": "管理", "emergency": "应急"}


def state(code: str) -> str:
    return STATES.get(code, code)


def severity(code: str) -> str:
    return SEVERITIES.get(code, code)


def category(code: str | None) -> str | None:
    return CATEGORIES.get(code, code) if code else code


def departments(codes: Iterable[str]) -> str:
    """"消防、卫健" (an unknown code stays as it is)."""
    return "、".join(DEPARTMENTS.get(code, code) for code in codes)
