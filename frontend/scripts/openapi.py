"""The SPA's API types, generated from the platform's merged OpenAPI document (issue 12).

The document is the one the gateway serves at ``/api/openapi.json``, built here in-process (the gateway's
own operations merged with every service's by ``merge_openapi``), so no process or network is needed.
``openapi-typescript`` turns it into ``frontend/src/api/schema.d.ts``, which is committed: the API modules
alias its types instead of typing server shapes by hand.

    python frontend/scripts/openapi.py            # regenerate src/api/schema.d.ts  (make api-types)
    python frontend/scripts/openapi.py --check    # fail if the committed file is out of date  (make lint)
    python frontend/scripts/openapi.py --json F   # write the merged document to F as well
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

FRONTEND = Path(__file__).resolve().parents[1]
ROOT = FRONTEND.parent
SCHEMA = FRONTEND / "src" / "api" / "schema.d.ts"
GENERATOR = FRONTEND / "node_modules" / ".bin" / "openapi-typescript"
SERVICES = ("registry", "inspection", "rectification", "notification")

# This checkout's packages first, whatever the virtual environment's .pth names (as the Makefile does).
sys.path[:0] = [str(ROOT / "libs" / "common"), str(ROOT / "gateway"), *(str(ROOT / "services" / s) for s in SERVICES)]


def merged_document() -> dict[str, Any]:
    """The document the gateway serves, with every service up."""
    from eldersafe_gateway.main import create_app
    from eldersafe_gateway.openapi import merge_openapi

    documents = {name: importlib.import_module(f"eldersafe_{name}.main").app.openapi() for name in SERVICES}
    return merge_openapi(create_app().api.openapi(), documents)


def generate(document: dict[str, Any], output: Path) -> None:
    """Run openapi-typescript on the document, writing TypeScript to ``output``."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "openapi.json"
        source.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        subprocess.run(  # noqa: S603 — our own generator binary, fixed arguments
            [str(GENERATOR), str(source), "--output", str(output), "--alphabetize"],
            check=True, cwd=FRONTEND, capture_output=True, text=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file; change nothing")
    parser.add_argument("--json", type=Path, help="also write the merged OpenAPI document here")
    args = parser.parse_args(argv)
    document = merged_document()
    if args.json:
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if not args.check:
        generate(document, SCHEMA)
        print(f"wrote {SCHEMA.relative_to(FRONTEND.parent)}")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / "schema.d.ts"
        generate(document, fresh)
        expected = fresh.read_text(encoding="utf-8")
    current = SCHEMA.read_text(encoding="utf-8") if SCHEMA.exists() else ""
    if current == expected:
        return 0
    diff = difflib.unified_diff(current.splitlines(), expected.splitlines(), "committed", "generated", lineterm="")
    sys.stderr.write("\n".join(list(diff)[:60]) + "\n")
    sys.stderr.write(f"{SCHEMA.relative_to(FRONTEND.parent)} is out of date with the API: run `make api-types`\n")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
