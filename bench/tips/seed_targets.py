"""Facilities in the inspection service's own copy (what registry events would fill): ``seed_targets.py ID…``."""

from __future__ import annotations

import sys

from eldersafe_common import clock
from eldersafe_common.db import transaction
from eldersafe_inspection.deps import get_engine
from eldersafe_inspection.targets.models import InspectionTarget

if __name__ == "__main__":
    with transaction(get_engine()) as session:
        for index, facility_id in enumerate(sys.argv[1:]):
            session.add(InspectionTarget(
                facility_id=facility_id, name=f"养老院{index}", address=f"和平路{index}号", area_code="999001001001",
                ownership="private", licensed_beds=50, residents_count=40, status="operating",
                updated_at=clock.now()))
