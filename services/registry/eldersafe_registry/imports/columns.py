"""The spreadsheet layout shared by the import template, the import and the export.

Headers are Chinese because civil-affairs staff fill these sheets in by hand; enumerations are written in
Chinese too, and the codes (``public``, ``brick_concrete`` …) are accepted as well.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)  # compared by identity: one object per column
class Column:
    header: str
    field: str
    required: bool = True
    kind: str = "text"  # text | code | int | float | choice
    choices: dict[str, str] = dataclasses.field(default_factory=dict)  # label -> code


OWNERSHIP = {"公办": "public", "民办": "private", "公建民营": "public_private"}
STRUCTURE = {
    "砖混": "brick_concrete", "钢筋混凝土": "reinforced_concrete", "钢结构": "steel",
    "彩钢夹芯板": "steel_sandwich_panel", "木结构": "wood", "其他": "other",
}
STATUS = {"operating": "运营", "suspended": "停业整顿", "shut_down": "关停", "deregistered": "注销"}

COLUMNS: tuple[Column, ...] = (
    Column("机构名称", "name"),
    Column("统一社会信用代码", "uscc", kind="code"),
    Column("性质(公办/民办/公建民营)", "ownership", kind="choice", choices=OWNERSHIP),
    Column("地址", "address"),
    Column("街道编码", "subdistrict_code", kind="code"),
    Column("社区编码", "community_code", kind="code"),
    Column("法人", "legal_representative"),
    Column("法人电话", "legal_representative_phone", kind="code"),
    Column("负责人", "manager"),
    Column("负责人电话", "manager_phone", kind="code"),
    Column("核定床位", "licensed_beds", kind="int"),
    Column("纬度", "latitude", required=False, kind="float"),
    Column("经度", "longitude", required=False, kind="float"),
    Column("楼层数", "building.floors", required=False, kind="int"),
    Column("建筑高度(米)", "building.height_m", required=False, kind="float"),
    Column("结构(砖混/钢筋混凝土/钢结构/彩钢夹芯板/木结构/其他)", "building.structure", required=False,
           kind="choice", choices=STRUCTURE),
    Column("建筑面积(平方米)", "building.floor_area_m2", required=False, kind="float"),
    Column("建成年份", "building.year_built", required=False, kind="int"),
)

# Written by the export after the import columns and ignored by the import, so an export can be re-imported.
# People read Chinese (the update time in China time); the last columns keep the codes for machines.
EXPORT_ONLY = ("机构ID", "运营状态", "入住老人数", "更新时间（北京时间）", "status", "ownership")
# Columns an import skips: the export's own, and the time column as sheets exported before named it.
IGNORED_ON_IMPORT = frozenset({*EXPORT_ONLY, "更新时间", "更新时间（北京时间 UTC+8）"})

EXAMPLE_ROW: tuple[Any, ...] = (
    "示例颐养院", "52999001MA0000001A", "公办", "鹤鸣区松鹤社区示范路10号", "999001001", "999001001001",
    "王建国", "13900001000", "黄志强", "13700002000", 200, 47.326019, 130.255588, 2, 6.4, "砖混", 5000, 1988,
)

BY_HEADER = {column.header: column for column in COLUMNS}
BY_FIELD = {column.field: column for column in COLUMNS}


def label_of(column: Column, code: str | None) -> str | None:
    """The Chinese label of an enumeration code, for the export."""
    for label, value in column.choices.items():
        if value == code:
            return label
    return code
