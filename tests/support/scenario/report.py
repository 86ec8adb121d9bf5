"""The survey report's numbers as the scenario's own records say they must be: which facilities each department
inspected, what was found (and of what severity), which hazards the ledger has closed, what the classification
suggests and what the task force decided."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

CLASSES = ("shutdown", "suspend", "pass", "not_inspected")
SUBDISTRICT_DIGITS = 9


@dataclass
class Recorded:
    """A finding the scenario made."""

    name: str
    facility: str
    department: str
    severity: str


@dataclass
class Records:
    facilities: int  # the campaign's targets
    departments: list[str]
    area_of: dict[str, str]  # facility name → area code
    findings: list[Recorded] = field(default_factory=list)
    covered: dict[str, set[str]] = field(default_factory=dict)  # facility → departments that inspected it
    rectified: set[str] = field(default_factory=set)  # findings whose hazard the ledger closed (accepted or later)
    decided: dict[str, str] = field(default_factory=dict)

    def inspected(self, facility: str, departments: list[str]) -> None:
        self.covered.setdefault(facility, set()).update(departments)

    def suggestion(self, facility: str) -> str:
        """The rules as inspection's DESIGN.md states them (every major item here is fixable): suspend while a major
        hazard is not rectified, then not_inspected while a department of the campaign has not inspected, else
        pass."""
        if any(f.facility == facility and f.severity == "major" and f.name not in self.rectified
               for f in self.findings):
            return "suspend"
        return "not_inspected" if set(self.departments) - self.covered.get(facility, set()) else "pass"


def _hazards(findings: list[Recorded], rectified: set[str]) -> dict[str, int]:
    return {"total": len(findings), "major": sum(f.severity == "major" for f in findings),
            "ordinary": sum(f.severity == "ordinary" for f in findings), "open": len(findings),
            "unrectified": sum(f.name not in rectified for f in findings)}


def check(report: dict[str, Any], records: Records) -> None:
    """Every number of the report the scenario can know, compared with its own records."""
    names = list(records.area_of)
    assert report["facilities_total"] == records.facilities == len(names), report["facilities_total"]
    suggested = Counter(records.suggestion(name) for name in names)
    decided = Counter(records.decided.values())
    assert {row["klass"]: (row["suggested"], row["decided"]) for row in report["facilities_by_class"]} == {
        klass: (suggested[klass], decided[klass]) for klass in CLASSES}, report["facilities_by_class"]
    assert report["undecided"] == records.facilities - len(records.decided)

    findings, rectified = records.findings, records.rectified
    assert report["hazards_total"] == len(findings)
    severity = {row["key"]: {k: row[k] for k in ("total", "major", "ordinary", "open", "unrectified")}
                for row in report["hazards_by_severity"]}
    assert severity == {s: _hazards([f for f in findings if f.severity == s], rectified)
                        for s in ("major", "ordinary")}, severity
    departments = {row["key"]: {k: row[k] for k in ("total", "major", "ordinary", "open", "unrectified")}
                   for row in report["hazards_by_department"]}
    assert departments == {d: _hazards([f for f in findings if f.department == d], rectified)
                           for d in records.departments}, departments

    pairs_done = sum(len(done) for done in records.covered.values())
    complete = sum(1 for done in records.covered.values() if done >= set(records.departments))
    coverage = report["coverage"]
    assert (coverage["pairs_total"], coverage["pairs_done"], coverage["facilities_complete"]) == (
        records.facilities * len(records.departments), pairs_done, complete), coverage
    missing = {row["name"]: sorted(row["departments_missing"]) for row in report["not_covered"]}
    assert missing == {name: sorted(set(records.departments) - records.covered.get(name, set()))
                       for name in names if set(records.departments) - records.covered.get(name, set())}, missing

    by_subdistrict = {row["subdistrict_code"]: row for row in report["by_subdistrict"]}
    for code in {area[:SUBDISTRICT_DIGITS] for area in records.area_of.values()}:
        here = [name for name, area in records.area_of.items() if area.startswith(code)]
        row = by_subdistrict[code]
        found = [f for f in findings if f.facility in here]
        expected = {"facilities": len(here), "hazards": len(found),
                    "major_hazards": sum(f.severity == "major" for f in found),
                    "suspend": sum(records.decided.get(name) == "suspend" for name in here),
                    "passed": sum(records.decided.get(name) == "pass" for name in here),
                    "undecided": sum(name not in records.decided for name in here),
                    "not_inspected": sum(bool(set(records.departments) - records.covered.get(name, set()))
                                         for name in here)}
        assert {key: row[key] for key in expected} == expected, (code, row, expected)
