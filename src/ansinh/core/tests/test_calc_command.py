"""`ansinh calc`: JSON out, every refusal as JSON {code, field, message} with exit status 2; report-figures prints
the reports' own sentence."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ansinh.reports.figures import change, scheme_sentence
from ansinh.rules.catalogue import all_calculators
from ansinh.rules.periods import Month


def calc(kind: str, text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out = io.StringIO()
    try:
        call_command("calc", kind, stdout=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
    return code, json.loads(out.getvalue())


@pytest.mark.parametrize(("kind", "text", "field"), [
    ("contribution", "", "input"),
    ("contribution", "   \n", "input"),
    ("contribution", "{not json", "input"),
    ("contribution", "[1, 2]", "input"),
    ("contribution", '{"salary": 1, "salary": 2}', "salary"),
    ("contribution", '{"salary": NaN, "month": "2026-03"}', "input"),
    ("contribution", '{"salary": 10000000, "month": "2026-03", "regoin": 2}', "regoin"),
    ("contribution", '{"salary": 1000000000000000000000000000000, "month": "2026-03"}', "salary"),
    ("contribution", '{"salary": 10000000, "month": "1994-12"}', "month"),
    ("sickness", '{"event": "own", "leave_from": "1994-03-01", "days": 3, "salary": 8000000, '
                 '"contribution_months": 60}', "leave_from"),
    ("no-such-calculator", "{}", "kind"),
])
def test_every_refusal_is_json_naming_the_field(kind: str, text: str, field: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, body = calc(kind, text, monkeypatch)
    assert code == 2
    assert set(body["error"]) == {"code", "field", "message"} and body["error"]["field"] == field


def test_report_figures_prints_the_steering_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    code, body = calc("report-figures", json.dumps(
        {"scheme": "vsi", "month": "2020-05", "now": 5681, "last_month": 5446, "last_year": 2963}), monkeypatch)
    assert code == 0
    expected = ("5.681 người tham gia BHXH tự nguyện, tăng 235 người (4,3 %) so với tháng 4/2020 và tăng 2.718 "
                "người (91,7 %) so với cùng kỳ năm 2019.")
    assert body["printed"]["vi"]["sentence"] == expected
    assert expected == scheme_sentence("vsi", 5681, Month(2020, 5), change(5681, 5446), change(5681, 2963))
    assert body["printed"]["en"]["month_change_pct"] == "4.3 %" and body["month_change"]["pct"] == "4.3"


@pytest.mark.parametrize("kind", sorted(all_calculators()))
@pytest.mark.parametrize(("text", "field"), [
    ("", "input"), ("\n", "input"), ("{not json", "input"), ("[]", "input"), ("null", "input"), ('"x"', "input"),
    ("{}", None), ('{"zzz_unknown": 1}', "zzz_unknown"), ('{"a": 1, "a": 1}', "a"), ("[" * 100_000, "input"),
])
def test_every_calculator_refuses_bad_documents_as_json(kind: str, text: str, field: str | None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Audit (issue 15): for every calculator, an empty, malformed or non-object document, an empty object and an
    unknown field are refused as JSON {code, field, message} with exit status 2 — never a traceback."""
    code, body = calc(kind, text, monkeypatch)
    assert code == 2 and set(body) == {"error"}
    assert set(body["error"]) == {"code", "field", "message"} and all(body["error"].values())
    if field is not None:
        assert body["error"]["field"] == field
