"""`ansinh calc` for what issue 15 added: one-time SI in settlement years whose revaluation table was added, and
hi-group by the law of the month. Each amount worked by hand from the printed coefficients or the quoted rule
(docs/legal-sources-benefits.md, docs/legal-sources.md), not from the engine."""

from __future__ import annotations

import json

import pytest

from ansinh.core.tests.test_calc_command import calc as calc_text


def calc(kind: str, payload: dict, monkeypatch: pytest.MonkeyPatch) -> tuple[int, dict]:
    return calc_text(kind, json.dumps(payload), monkeypatch)


def employer(start: str, end: str, salary: int) -> dict[str, object]:
    return {"from": start, "to": end, "salary": salary, "kind": "employer"}


def test_one_time_si_settled_in_2012_and_the_years_its_partial_table_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Ministry's Circular 02 for 2012 as baonghean.vn/en prints it (cut after 2000): 1998 2.54, 1999 2.43, 2000
    2.47. 1998–2000 at 2,000,000, decided 2012-03-01 (Law 71/2006: 1.5 months per year):
    revalued total = 12 × 2,000,000 × (2.54 + 2.43 + 2.47) = 178,560,000 over 36 months → 4,960,000;
    3 years × 1.5 = 4.5 months → 22,320,000. A career into 2001 is refused in JSON, naming `periods` and the year."""
    code, body = calc("one-time-si", {"decision_date": "2012-03-01", "ground": "left_12_months", "periods": [
        employer("1998-01", "2000-12", 2_000_000)]}, monkeypatch)
    assert code == 0, body
    assert body["law"] == "L71" and body["eligible"] is True
    assert body["average_salary"] == 4_960_000
    assert body["amount"] == 22_320_000
    code, body = calc("one-time-si", {"decision_date": "2012-03-01", "ground": "left_12_months", "periods": [
        employer("1998-01", "2001-12", 2_000_000)]}, monkeypatch)
    assert code == 2
    assert body["error"]["code"] == "no_coefficient" and body["error"]["field"] == "periods"
    assert "contribution year 2001" in body["error"]["message"]


def test_one_time_si_settled_in_2017(monkeypatch: pytest.MonkeyPatch) -> None:
    """Circular 42/2016/TT-BLĐTBXH (nld.com.vn, laodong.com.vn): 2008 1.73, 2009 1.62, 2010 1.48, 2011 1.25,
    2012 1.15. 2008–2012 at 3,000,000, out of SI since 01/2013, decided 2017-03-01:
    revalued total = 12 × 3,000,000 × (1.73 + 1.62 + 1.48 + 1.25 + 1.15) = 36,000,000 × 7.23 = 260,280,000 over 60
    months → average 4,338,000; 5 years before 2014 × 1.5 = 7.5 months → 32,535,000."""
    code, body = calc("one-time-si", {"decision_date": "2017-03-01", "ground": "left_12_months", "periods": [
        employer("2008-01", "2012-12", 3_000_000)]}, monkeypatch)
    assert code == 0, body
    assert body["law"] == "L58" and body["eligible"] is True
    assert (body["years_before_2014"], body["years_from_2014"]) == ("5", "0")
    assert body["average_salary"] == 4_338_000
    assert body["amount"] == 32_535_000
    used = {p["table"]: p for p in body["params"]}["revaluation_coefficients"]
    assert used["status"] == "V-SEC" and "42/2016" in used["basis"]


def test_one_time_si_settled_in_2018(monkeypatch: pytest.MonkeyPatch) -> None:
    """Circular 32/2017/TT-BLĐTBXH (lawnet.vn): 2012 1.19, 2013 1.11, 2014 1.07, 2015 1.06, 2016 1.04.
    2012–2013 at 4,000,000, 2014–2016 at 6,000,000, out of SI since 01/2017, decided 2018-06-01:
    revalued total = 12 × 4,000,000 × (1.19 + 1.11) + 12 × 6,000,000 × (1.07 + 1.06 + 1.04)
                   = 110,400,000 + 228,240,000 = 338,640,000 over 60 months → average 5,644,000;
    2 years before 2014 × 1.5 + 3 years from 2014 × 2 = 9 months → 50,796,000."""
    code, body = calc("one-time-si", {"decision_date": "2018-06-01", "ground": "left_12_months", "periods": [
        employer("2012-01", "2013-12", 4_000_000), employer("2014-01", "2016-12", 6_000_000)]}, monkeypatch)
    assert code == 0, body
    assert body["law"] == "L58" and body["eligible"] is True
    assert (body["years_before_2014"], body["years_from_2014"]) == ("2", "3")
    assert body["average_salary"] == 5_644_000
    assert body["amount"] == 50_796_000
    used = {p["table"]: p for p in body["params"]}["revaluation_coefficients"]
    assert used["status"] == "V-SEC" and "32/2017" in used["basis"]


def test_hi_group_answers_a_2012_employee(monkeypatch: pytest.MonkeyPatch) -> None:
    """HI Law 25/2008 with Decree 62/2009: 4.5 % from 2010, employer 3 % and employee 1.5 % (hand calculation:
    5,000,000 × 3 % = 150,000; × 1.5 % = 75,000) — `ansinh calc hi-group` by the law of the month."""
    code, body = calc("hi-group", {"group": "employee", "month": "2012-03", "base": 5000000}, monkeypatch)
    assert code == 0
    assert body["payers"]["employer"] == 150_000 and body["payers"]["person"] == 75_000 and body["rate"] == "0.045"
    assert "hi_groups_in_force" in {p["table"] for p in body["params"]}


def test_one_time_si_settled_in_2014_state_pay_computes_employer_pay_is_refused_naming_the_circular(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Settlement year 2014 (Law 71/2006) has no revaluation table: Circular 02/2014/TT-BLĐTBXH (10/01/2014) was
    identified but no copy of its figures was found (docs/legal-sources-benefits.md, reval pass).
    State pay of a worker who joined before 2016 needs no table: coefficient 2.34 × the reference level on the
    settlement date (1,150,000 from 01/07/2013) = 2,691,000 for each of the last 6 years (joined 1995);
    18 years before 2014 × 1.5 = 27 months → 72,657,000. Employer-decided pay of 2008–2012 settled the same day is
    refused in JSON on `decision_date`, naming the circular whose table is missing."""
    code, body = calc("one-time-si", {"decision_date": "2014-09-01", "ground": "left_12_months", "periods": [
        {"from": "1995-01", "to": "2012-12", "salary": 3_000_000, "kind": "state", "coefficient": "2.34"}]},
        monkeypatch)
    assert code == 0, body
    assert body["law"] == "L71" and body["eligible"] is True
    assert body["average_salary"] == 2_691_000
    assert body["amount"] == 72_657_000
    assert "revaluation_coefficients" not in {p["table"] for p in body["params"]}
    code, body = calc("one-time-si", {"decision_date": "2014-09-01", "ground": "left_12_months", "periods": [
        employer("2008-01", "2012-12", 3_000_000)]}, monkeypatch)
    assert code == 2
    assert body["error"]["code"] == "no_rule_for_date" and body["error"]["field"] == "decision_date"
    assert "settlement year 2014: Circular 02/2014/TT-BLĐTBXH (10/01/2014" in body["error"]["message"]


def test_one_time_si_settled_in_2015_and_a_year_its_partial_table_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Circular 03/2015/TT-BLĐTBXH (23/01/2015) as luatsubaoho.com prints it: 2008 1.68, 2009 1.57, 2010 1.44, 2011 1.21,
    2012 1.11. 2008–2012 at 3,000,000, out of SI since 01/2013, decided 2015-06-01 (Law 71/2006: 1.5 months a year):
    revalued total = 12 × 3,000,000 × (1.68 + 1.57 + 1.44 + 1.21 + 1.11) = 252,360,000 over 60 months → 4,206,000;
    7.5 months → 31,545,000. The table is 3P (one law-firm copy). A career from 2007 is refused on `periods`."""
    code, body = calc("one-time-si", {"decision_date": "2015-06-01", "ground": "left_12_months", "periods": [
        employer("2008-01", "2012-12", 3_000_000)]}, monkeypatch)
    assert code == 0, body
    assert body["law"] == "L71" and body["eligible"] is True
    assert body["average_salary"] == 4_206_000
    assert body["amount"] == 31_545_000
    used = {p["table"]: p for p in body["params"]}["revaluation_coefficients"]
    assert used["status"] == "3P" and "03/2015" in used["basis"]
    code, body = calc("one-time-si", {"decision_date": "2015-06-01", "ground": "left_12_months", "periods": [
        employer("2007-01", "2012-12", 3_000_000)]}, monkeypatch)
    assert code == 2
    assert body["error"]["code"] == "no_coefficient" and body["error"]["field"] == "periods"
    assert "contribution year 2007" in body["error"]["message"]
