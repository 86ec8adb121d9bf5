"""The state table is the one the docs show and the API accepts; the write hooks come from the factories alone."""

import subprocess
import sys
from pathlib import Path
from typing import get_args

from eldersafe_rectification.ledger import states
from eldersafe_rectification.ledger.schemas import State

ROOT = Path(__file__).resolve().parents[4]
DESIGN = ROOT / "services/rectification/DESIGN.md"


def test_design_shows_the_state_table_of_states_py() -> None:
    text = DESIGN.read_text()
    shown = text.split("<!-- state-table:begin -->\n", 1)[1].split("<!-- state-table:end -->", 1)[0]
    assert shown == states.markdown_table(), "regenerate: python -m eldersafe_rectification.ledger.states"


def test_the_api_filters_on_the_states_of_the_table() -> None:
    assert get_args(State) == states.STATES


def test_every_action_moves_between_states_of_the_table() -> None:
    for action in states.ACTIONS:
        assert set(action.sources) <= set(states.STATES), action.name
        assert action.target is None or action.target in states.STATES, action.name
    assert set(states.OPEN) | set(states.CLOSED) == set(states.STATES)
    assert set(states.FINISHED) <= set(states.CLOSED)


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


PROBE = """
from sqlalchemy import event
from sqlalchemy.orm import Session
from eldersafe_common import sync
from eldersafe_rectification.ledger import listeners
from eldersafe_rectification.ledger.models import Hazard
{setup}
print(Hazard in sync._TRACKED, event.contains(Session, "before_flush", sync._before_flush), len(listeners._finished))
"""


def test_importing_the_models_installs_no_hook() -> None:
    assert _run(PROBE.format(setup="import eldersafe_rectification.metadata")) == "False False 0"


def test_the_app_factory_installs_the_stamps_and_supervision_listener() -> None:
    assert _run(PROBE.format(setup="import eldersafe_rectification.main")) == "True True 1"
