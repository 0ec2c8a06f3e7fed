"""Benefits due before Law 71/2006 (issue 15, decree12 pass): 1995-01-01 .. 2006-12-31 fall under the Charter on
social insurance issued with Decree 12/CP (amended by Decree 93/1998/NĐ-CP and Decree 01/2003/NĐ-CP), whose benefit
articles were not found (docs/legal-sources-benefits.md, "Before 2007"). Every calculator refuses such a day on its
date field and says which regime decides it and why it is not held; a day before 1995 is refused as before the
Charter. The one rule of those years read in full is convalescence under Decision 37/2001/QĐ-TTg (starts 2001-06-01
.. 2002-12-31), pinned below by hand from its Arts 1–3.
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
    (maternity, "event_date", {"event": "birth", "event_date": "2003-08-20", "periods": [
        {"from": "2002-08", "to": "2003-07", "salary": 900_000, "kind": "employer"}]}),
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
