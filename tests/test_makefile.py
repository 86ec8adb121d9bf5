"""What the Makefile hands the processes it starts (``make run``, ``make seed``, ``make test``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["libs/common", "gateway", "services/registry", "services/inspection", "services/rectification",
            "services/notification"]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_puts_this_checkouts_packages_on_the_python_path() -> None:
    """Each entry a folder of this checkout, nothing else: a stray space makes Python skip an entry and import
    the package the virtual environment's .pth names instead (another worktree's code)."""
    result = subprocess.run(["make", "-s", "--no-print-directory", "--eval", 'show-path: ; @echo "$$PYTHONPATH"',
                             "show-path"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip().split(":") == [str(ROOT / package) for package in PACKAGES]
