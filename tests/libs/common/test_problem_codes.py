"""The problem-code scanner: codes given to errors directly, through helpers, by class attribute and in both
branches of a condition, and nothing else (issue 11)."""

from __future__ import annotations

import ast

from eldersafe_common.problem_codes import _Scan

SOURCE = '''
from eldersafe_common.errors import Conflict, DomainError, FieldError, Invalid


class Locked(DomainError):
    code = "thing_locked"


def _invalid(field, *, code, detail):
    return Invalid(detail, code=code, errors=[FieldError(field=field, reason=detail)])


def _refuse(reason, code):
    raise _invalid("body.x", code=code, detail=reason)


def body(status, title, detail, code):
    return {"status": status, "code": code}


def work(thing, department):
    if thing.paid:
        raise Conflict("paid", code="thing_paid" if thing.status == "paid" else "thing_not_approved")
    _refuse("no", "thing_refused")
    body(409, "Conflict", "x", "thing_bodied")
    Department(code="fire")  # not an error: not a code
    raise Invalid("bad", code=department.code)  # not a literal: not listed
'''


def test_the_scanner_finds_codes_through_helpers_classes_and_conditions() -> None:
    common = ast.parse("class DomainError(Exception):\n    code = 'bad_request'\n"
                       "class Invalid(DomainError):\n    code = 'invalid'\n"
                       "class Conflict(DomainError):\n    code = 'conflict'\n")
    assert _Scan([common, ast.parse(SOURCE)]).codes() == {
        "bad_request", "invalid", "conflict", "thing_locked", "thing_paid", "thing_not_approved", "thing_refused",
        "thing_bodied"}
