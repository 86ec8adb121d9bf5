"""The demo campaign never runs in production: it refuses before it loads anything or touches a database."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.platform import DEMO_CAMPAIGN, ROOT


def test_the_demo_campaign_refuses_to_run_in_production(tmp_path: Path) -> None:
    database = tmp_path / "production.db"
    env = {**os.environ, "ELDERSAFE_ENVIRONMENT": "production", "ELDERSAFE_DATABASE_URL": f"sqlite:///{database}"}
    result = subprocess.run(DEMO_CAMPAIGN, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 2
    assert "refusing" in result.stderr
    assert not database.exists()
