"""`ansinh calc`: JSON out, every refusal as JSON {code, field, message} with exit status 2; report-figures prints
the reports' own sentence."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ansinh.reports.figures import change, percent, scheme_sentence
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
    expected = ("5.681 người tham gia BHXH tự nguyện, tăng 235 người (4,3\u00a0%) so với tháng 4/2020 và tăng 2.718 "
                "người (91,7\u00a0%) so với cùng kỳ năm 2019.")
    assert body["printed"]["vi"]["sentence"] == expected
    assert expected == scheme_sentence("vsi", 5681, Month(2020, 5), change(5681, 5446), change(5681, 2963))
    assert body["printed"]["en"]["month_change_pct"] == "4.3\u00a0%" and body["month_change"]["pct"] == "4.3"


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


@pytest.mark.parametrize(("data", "vi_sentence", "cells"), [
    # a zero base: the change is given in people, no percentage (not "inf", not 0 %)
    ({"scheme": "hi", "month": "2026-03", "now": 10, "last_month": 0, "last_year": 0, "population": 9},
     "10 người tham gia BHYT, tăng 10 người so với tháng 2/2026 và tăng 10 người so với cùng kỳ năm 2025; độ bao phủ "
     "BHYT đạt 111,1\u00a0% dân số.", {"month_change_pct": "—", "coverage": "111,1\u00a0%"}),
    # a fall: the sentence says "giảm" with the absolute figures, the table keeps the sign
    ({"scheme": "vsi", "month": "2026-01", "now": 5446, "last_month": 5681, "last_year": 5681},
     "5.446 người tham gia BHXH tự nguyện, giảm 235 người (4,1\u00a0%) so với tháng 12/2025 và giảm 235 người (4,1\u00a0%) so "
     "với cùng kỳ năm 2025.", {"month_change": "-235", "month_change_pct": "-4,1\u00a0%"}),
    # coverage and progress over 100 %, no change on the month
    ({"scheme": "hi", "month": "2026-03", "now": 1034, "last_month": 1034, "population": 1000, "target": 1000},
     "1.034 người tham gia BHYT, không đổi so với tháng 2/2026; đạt 103,4\u00a0% kế hoạch; độ bao phủ BHYT đạt 103,4\u00a0% dân "
     "số.", {"month_change_pct": "0,0\u00a0%", "coverage": "103,4\u00a0%", "progress_table": "103,40\u00a0%"}),
    # half up on the exact ratio: 50.25 % → 50,3 (a float and Python's format would print 50,2)
    ({"scheme": "hi", "month": "2026-03", "now": 201, "population": 400},
     "201 người tham gia BHYT; độ bao phủ BHYT đạt 50,3\u00a0% dân số.", {"coverage": "50,3\u00a0%"}),
])
def test_report_figures_print_as_the_reports_and_the_staff_home(data: dict, vi_sentence: str, cells: dict,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Audit (issue 15): `ansinh calc report-figures` against the steering report's sentence and the staff home's
    change figure (web.home._change) on a zero base, a fall and a coverage over 100 %."""
    from django.utils import translation

    from ansinh.web.home import _change

    code, body = calc("report-figures", json.dumps(data), monkeypatch)
    assert code == 0
    printed = body["printed"]["vi"]
    assert printed["sentence"] == vi_sentence
    for name, text in cells.items():
        assert printed[name] == text, name
    period = Month.parse(data["month"])
    assert printed["sentence"] == scheme_sentence(
        data["scheme"], data["now"], period, change(data["now"], data.get("last_month")),
        change(data["now"], data.get("last_year")),
        coverage=percent(data["now"], data["population"], 1) if data.get("population") else None,
        progress=percent(data["now"], data["target"], 1) if data.get("target") else None)
    with translation.override("vi"):
        home_diff, home_text = _change(data["now"], data.get("last_month"))
    if data.get("last_month"):
        # the staff home prints the same percentage, signed ("+4,3 %" / "-4,1 %")
        assert home_text.lstrip("+") == printed["month_change_pct"]
    else:
        assert home_diff is None  # no percentage on a zero or missing base, there either
