"""Benefits due before Law 71/2006 (issue 15, decree12 pass): 1995-01-01 .. 2006-12-31 fall under the Charter on
social insurance issued with Decree 12/CP (amended by Decree 93/1998/NĐ-CP and Decree 01/2003/NĐ-CP), whose benefit
articles were not found (docs/legal-sources-benefits.md, "Before 2007"). Every calculator refuses such a day on its
date field and says which regime decides it and why it is not held; a day before 1995 is refused as before the
Charter. Two rules of those years are held, pinned below by hand: convalescence under Decision 37/2001/QĐ-TTg
(starts 2001-06-01 .. 2002-12-31, read in full to Art 3) and a birth in normal working conditions under the Charter
(4 months' salary + 1 month's salary, from two firms' 2007 comparisons: 3P).
"""

from __future__ import annotations

from typing import Any

import pytest

from ansinh.rules.benefits import (
    convalescence,
    maternity,
    one_time,
    pension,
    sickness,
    survivors,
    work_injury,
)
from ansinh.rules.params import benefit_common
from ansinh.rules.tables import RuleError, d

# (calculator, its date field, an input whose date is under the Decree 12/CP Charter)
PRE_2007: list[tuple[Any, str, dict[str, Any]]] = [
    (sickness, "leave_from", {"event": "own", "leave_from": "2005-03-07", "days": 3, "salary": 800_000,
                              "contribution_months": 60}),
    (work_injury, "benefit_start", {"benefit_start": "1999-06-01", "incapacity_pct": 35, "fund_months": 100,
                                    "salary": 600_000}),
    (pension, "pension_start", {"sex": "male", "birth_date": "1943-11-20", "pension_start": "2004-01-01",
                                "periods": [{"from": "1974-01", "to": "2003-12", "salary": 1_000_000,
                                             "kind": "employer"}]}),
    (one_time, "decision_date", {"decision_date": "2005-03-16", "ground": "left_12_months", "periods": [
        {"from": "1996-03", "to": "2003-12", "salary": 700_000, "kind": "employer"}]}),
    (survivors, "death_date", {"benefit": "funeral", "death_date": "2006-12-31", "compulsory_months": 40}),
]


def refusal(module: Any, data: dict[str, Any]) -> RuleError:
    with pytest.raises(RuleError) as err:
        module.SPEC.compute(data)
    return err.value


@pytest.mark.parametrize(("module", "date_field", "data"), PRE_2007,
                         ids=[m.__name__.rsplit(".")[-1] for m, *_ in PRE_2007])
def test_every_calculator_refuses_1995_2006_naming_decree_12_cp(module: Any, date_field: str,
                                                                 data: dict[str, Any]) -> None:
    e = refusal(module, data)
    assert (e.code, e.field) == ("no_rule_for_date", date_field)
    assert "Decree 12/CP of 26/01/1995" in e.message
    assert "Decree 93/1998/NĐ-CP and Decree 01/2003/NĐ-CP" in e.message
    assert "not found in any stored source" in e.message
    assert "computed from 2007-01-01" in e.message


def test_the_charter_starts_on_1995_01_01_and_law_71_on_2007_01_01() -> None:
    base = {"event": "own", "days": 1, "salary": 2_600_000, "contribution_months": 60}
    e = refusal(sickness, base | {"leave_from": "1995-01-01"})
    assert "is decided by the Charter on social insurance issued with Decree 12/CP" in e.message
    e = refusal(sickness, base | {"leave_from": "1994-12-31"})
    assert (e.code, e.field) == ("no_rule_for_date", "leave_from")
    assert "is before the Charter" in e.message and "regimes before 1995 are not held" in e.message
    e = refusal(sickness, base | {"leave_from": "2006-12-31"})
    assert "Decree 12/CP" in e.message
    # the first day of Law 71: 2,600,000 × 75% / 26 for one day (test_benefits_law71_short_term.py)
    assert sickness.run(base | {"leave_from": "2007-01-02"}).amount == 75_000


def test_the_regime_table_itself_is_unchanged() -> None:
    # nothing of Decree 12/CP is entered as a rule: SI_LAW still begins with Law 71/2006
    assert benefit_common.SI_LAW.first_day == d("2007-01-01")
    assert d("1995-01-01") == benefit_common.D12_FIRST_DAY


# --- convalescence, Decision 37/2001/QĐ-TTg (Art 2.1: once a year, 5 to 10 days; Art 3.1: "80.000 đồng/ngày/người
# ... tại cơ sở tập trung; 50.000 đồng/ngày/người ... tại gia đình; lao động nữ nếu yếu sức khoẻ sau khi nghỉ thai
# sản"), in force 01/06/2001, replaced from 01/01/2003 by Decree 01/2003/NĐ-CP.


def conv(**kw: object) -> convalescence.ConvalescenceResult:
    return convalescence.SPEC.compute(kw)


def test_decision_37_2001_centre_80_000_a_day_capped_at_10_days() -> None:
    r = conv(after="sickness", start="2002-03-04", days=12, place="centre")
    assert (r.law, r.max_days, r.days_paid, r.daily_amount, r.amount) == ("D37", 10, 10, 80_000, 800_000)
    assert "Decision 37/2001/QĐ-TTg" in r.steps[0].value


def test_decision_37_2001_home_and_after_maternity_50_000_a_day() -> None:
    # first day in force; work injury at home, 6 days: 6 × 50,000
    r = conv(after="work_injury", start="2001-06-01", days=6, incapacity_pct=40, place="home")
    assert (r.daily_amount, r.amount) == (50_000, 300_000)
    # last day before Decree 01/2003; a woman weak after maternity leave, 7 days: 7 × 50,000 (place not needed)
    r = conv(after="maternity", start="2002-12-31", days=7)
    assert (r.daily_amount, r.amount) == (50_000, 350_000)


def test_decision_37_2001_refusals_name_the_field() -> None:
    for data, field in (
        ({"after": "sickness", "start": "2002-03-04", "days": 5}, "place"),  # home or centre decides the amount
        ({"after": "maternity", "start": "2002-03-04", "days": 5, "place": "centre"}, "place"),  # 80,000 or 50,000?
        ({"after": "sickness", "start": "2002-03-04", "days": 5, "place": "home", "sickness_days_in_year": 40},
         "sickness_days_in_year"),
        ({"after": "maternity", "start": "2002-03-04", "days": 5, "returned_early": True}, "returned_early"),
    ):
        assert refusal(convalescence, data).field == field, data


@pytest.mark.parametrize(("start", "says"), [
    ("2001-05-31", "before Decision 37/2001/QĐ-TTg (in force 2001-06-01) no convalescence rule was read"),
    ("1995-01-01", "before Decision 37/2001/QĐ-TTg"),
    ("2003-01-01", "Decree 01/2003/NĐ-CP replaced Decision 37/2001/QĐ-TTg"),
    ("2006-12-31", "Circular 08/2003/TT-BLĐTBXH) were not read"),
])
def test_convalescence_outside_decision_37_before_2007_is_refused(start: str, says: str) -> None:
    e = refusal(convalescence, {"after": "sickness", "start": start, "days": 5, "place": "home"})
    assert (e.code, e.field) == ("no_rule_for_date", "start")
    assert says in e.message and "computed for starts 2001-06-01..2002-12-31" in e.message


# --- maternity under the Charter (table maternity_decree_12_cp, 3P): Russell Bedford Vietnam (2007): salary
# 12,000,000 — "Under old law: Total benefits is VND60,000,000 (including salary for 4 months maternity leave and 1
# month salary of one-off maternity allowance)"; Mayer Brown JSM (12/02/2007): "Under the old law ... 5 months of the
# employee's salaries".

M_PERIODS = [{"from": "2006-01", "to": "2006-12", "salary": 12_000_000, "kind": "employer"}]


def mat(**kw: object) -> maternity.MaternityResult:
    return maternity.SPEC.compute({"event": "birth", "working_condition": "normal", "periods": M_PERIODS} | kw)


def test_birth_under_the_charter_reproduces_the_russell_bedford_example() -> None:
    r = mat(event_date="2006-12-20")
    assert (r.law, r.leave_months, r.benefit, r.lump_sum, r.total) == ("D12", 4, 48_000_000, 12_000_000, 60_000_000)
    assert r.average_salary == 12_000_000  # uncapped before 2007 (Law 71's 20 × minimum wage came in 2007)


def test_birth_on_the_first_day_of_the_charter() -> None:
    # 1995-01-10, 300,000 a month in 1994: 4 × 300,000 + 300,000 = 1,500,000
    r = mat(event_date="1995-01-10", periods=[{"from": "1994-01", "to": "1994-12", "salary": 300_000,
                                               "kind": "employer"}])
    assert (r.benefit, r.lump_sum, r.total) == (1_200_000, 300_000, 1_500_000)


@pytest.mark.parametrize(("data", "field"), [
    ({"event_date": "2003-08-20", "working_condition": "arduous"}, "working_condition"),  # 5 or 6 months: not read
    ({"event_date": "2003-08-20", "children": 2}, "children"),  # twins: not read
    ({"event_date": "2003-08-20", "event": "miscarriage", "gestation_months": 2}, "event"),
    ({"event_date": "2003-08-20", "event": "adoption", "child_birth_date": "2003-07-01"}, "event"),
    ({"event_date": "2003-08-20", "periods": [  # the salary changed: the last month's or an average? not read
        {"from": "2003-01", "to": "2003-05", "salary": 900_000, "kind": "employer"},
        {"from": "2003-06", "to": "2003-08", "salary": 950_000, "kind": "employer"}]}, "periods"),
])
def test_other_maternity_cases_under_the_charter_are_refused(data: dict[str, Any], field: str) -> None:
    e = refusal(maternity, {"event": "birth", "working_condition": "normal", "periods": M_PERIODS} | data)
    assert (e.code, e.field) == ("no_rule_for_date", field)
    assert "Decree 12/CP" in e.message


def test_working_condition_is_required_and_1994_is_before_the_charter() -> None:
    e = refusal(maternity, {"event": "birth", "event_date": "2003-08-20", "periods": M_PERIODS})
    assert (e.code, e.field) == ("required", "working_condition")
    e = refusal(maternity, {"event": "birth", "event_date": "1994-12-31", "working_condition": "normal",
                            "periods": M_PERIODS})
    assert (e.code, e.field) == ("no_rule_for_date", "event_date") and "is before the Charter" in e.message
