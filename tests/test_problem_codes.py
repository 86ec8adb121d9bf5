"""Issue 11 (11): every problem ``code`` the API can answer is published in the OpenAPI document (the merged one
the gateway serves: ``x-problem-codes`` on the Problem schema), and the SPA has its own sentence for each, in
zh-CN and en (``frontend/src/i18n/problems/<domain>.json``). A new ``code="…"`` anywhere in a service fails this
test until its words are added to the JSON file of its domain."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from eldersafe_common.problem_codes import PROBLEM_CODES
from eldersafe_gateway.main import create_app
from eldersafe_gateway.openapi import merge_openapi

DICTIONARIES = Path(__file__).resolve().parents[1] / "frontend" / "src" / "i18n" / "problems"
SERVICES = ("registry", "inspection", "rectification", "notification")


@pytest.fixture(scope="module")
def merged() -> dict[str, Any]:
    documents = {name: importlib.import_module(f"eldersafe_{name}.main").app.openapi() for name in SERVICES}
    return merge_openapi(create_app().api.openapi(), documents)


def spa_texts() -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for path in sorted(DICTIONARIES.glob("*.json")):
        for code, words in json.loads(path.read_text(encoding="utf-8")).items():
            assert code not in texts, f"{code} is worded twice (keep one place): {path.name}"
            texts[code] = words
    return texts


def test_the_merged_openapi_lists_every_services_codes_on_one_problem_schema(merged: dict[str, Any]) -> None:
    schemas = merged["components"]["schemas"]
    assert [name for name in schemas if name.endswith("Problem")] == ["Problem"]  # still one, not renamed
    codes = schemas["Problem"][PROBLEM_CODES]
    assert codes == sorted(set(codes))
    # one of each origin: the handlers, the gateway, each service
    assert {"validation_failed", "not_found", "internal_error", "rate_limited", "uscc_taken", "task_taken",
            "acceptance_by_submitter", "calendar_year_invalid"} <= set(codes)


def test_the_spa_words_every_code_in_both_languages(merged: dict[str, Any]) -> None:
    codes = merged["components"]["schemas"]["Problem"][PROBLEM_CODES]
    texts = spa_texts()
    missing = [code for code in codes if not (texts.get(code, {}).get("zh-CN") and texts.get(code, {}).get("en"))]
    assert missing == [], ("add these codes with zh-CN and en text to frontend/src/i18n/problems/<domain>.json: "
                           f"{missing}")
    # vue-i18n reads {…}, @ and | as syntax: a sentence must not contain them
    odd = [code for code, words in texts.items() for text in words.values() if set(text) & set("{}@|")]
    assert odd == []
