"""Events the classification domain publishes."""

from eldersafe_common.events import EventType

from .schemas import FacilityClassified

FACILITY_CLASSIFIED = EventType("facility.classified", 1, FacilityClassified)
