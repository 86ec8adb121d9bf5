import pytest

from eldersafe_rectification.open_api import repository


@pytest.fixture(params=["walk", "per_facility"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both plans of the facility feed (a walk of recent changes, a probe per facility) must give one answer."""
    monkeypatch.setattr(repository, "WALK_ROWS", 10**9 if request.param == "walk" else -1)
    return str(request.param)
