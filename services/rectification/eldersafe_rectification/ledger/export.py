"""The ledger as an xlsx workbook, written row by row (openpyxl write-only) into a temporary file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from sqlmodel import Session

from eldersafe_common.auth import Principal

from . import repository
from .schemas import HazardFilters
from .service import READERS, _own_facility, is_overdue, today_china

HEADERS = ["编号 id", "隐患键 hazard_key", "机构 facility", "区域 area", "部门 departments", "检查项 item",
           "等级 severity", "描述 description", "整改措施 measures", "责任人 responsible", "电话 phone",
           "督办人 supervisor", "期限 deadline", "状态 state", "逾期 overdue", "复发 relapse", "发现 found_at"]


def export_xlsx(session: Session, *, principal: Principal, filters: HazardFilters) -> Path:
    """Write every matching hazard to a temporary xlsx file and return its path (the caller deletes it)."""
    principal.require(*READERS)
    own = _own_facility(principal)
    today = today_china()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账 ledger")
    sheet.append(HEADERS)
    for hazard in repository.iter_hazards(session, area=principal.area, own_facility=own, filters=filters,
                                          today=today):
        sheet.append([
            hazard.id, hazard.hazard_key, hazard.facility_name or hazard.facility_id, hazard.area_code,
            ",".join(hazard.departments), f"{hazard.item_code} {hazard.item_text}", hazard.severity,
            hazard.description, hazard.measures, hazard.responsible_name, hazard.responsible_phone,
            hazard.supervisor_name, hazard.deadline, hazard.state, "是" if is_overdue(hazard, today) else "否",
            "是" if hazard.relapse else "否", hazard.found_at.replace(tzinfo=None),
        ])
    fd, name = tempfile.mkstemp(prefix="ledger-", suffix=".xlsx")
    os.close(fd)
    try:
        workbook.save(name)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
