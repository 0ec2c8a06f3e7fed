"""Intermediate rounding as the agency computes it (issue 15): the average monthly SI salary is cut to the whole đồng
before it is multiplied (table `AVERAGE_ROUNDING`), for decisions from 2016; Law 71 decisions keep it exact (no
example found). Sources and the searches: docs/legal-sources-benefits.md, "Finding on the agency's rounding".
"""

from __future__ import annotations

from decimal import Decimal

from ansinh.rules.benefits import one_time, pension, survivors
from ansinh.rules.params.benefit_common import AVERAGE_ROUNDING
from ansinh.rules.tables import d

D = Decimal

# Vietnam Social Security's worked example (worker A), as public repositories transcribe its images: 01/2013
# 1,200,000; 01–09/2014 1,445,000; 10/2014–02/2016 2,140,000 with no contribution 01–06/2015; 03–07/2016 2,515,000;
# settled in 2017 with the Circular 42/2016 coefficients 1.08 (2013), 1.03 (2014, 2015), 1.00 (2016).
WORKER_A = [
    {"from": "2013-01", "to": "2013-12", "salary": 1_200_000, "kind": "employer"},
    {"from": "2014-01", "to": "2014-09", "salary": 1_445_000, "kind": "employer"},
    {"from": "2014-10", "to": "2014-12", "salary": 2_140_000, "kind": "employer"},
    {"from": "2015-07", "to": "2016-02", "salary": 2_140_000, "kind": "employer"},
    {"from": "2016-03", "to": "2016-07", "salary": 2_515_000, "kind": "employer"},
]
# The example's printed figures.
REVALUED_TOTAL = 65_639_950  # 15,552,000 + 13,395,150 + 6,612,600 + 13,225,200 + 4,280,000 + 12,575,000
AVERAGE = 1_774_052  # "65.639.950 / 37 = 1.774.052 đồng"
PART_BEFORE_2014 = 2_661_078  # "1.774.052 × 1 × 1.5"
PART_FROM_2014 = 8_870_260  # "1.774.052 × 2.5 × 2"
LUMP_SUM = 11_531_338  # "2.661.078 + 8.870.260 = 11.531.338 đồng"


def test_the_example_cuts_the_average_it_does_not_round_it() -> None:
    exact = D(REVALUED_TOTAL) / 37
    assert D("1774052.70") < exact < D("1774052.71")
    assert AVERAGE == int(exact) != int(exact.quantize(D(1), rounding="ROUND_HALF_UP"))
    assert AVERAGE * D("1.5") == PART_BEFORE_2014 and AVERAGE * D("2.5") * 2 == PART_FROM_2014
    assert PART_BEFORE_2014 + PART_FROM_2014 == LUMP_SUM


def test_vss_worked_example_one_time_si_settled_in_2017_to_the_dong() -> None:
    r = one_time.run({"decision_date": "2017-09-15", "ground": "left_12_months", "periods": WORKER_A})
    assert r.law == "L58" and r.eligible
    assert (r.months_total, r.years_before_2014, r.years_from_2014) == (37, D(1), D("2.5"))
    assert r.average_salary == AVERAGE
    assert r.amount == LUMP_SUM  # the exact average would give 11,531,343
    cut = [s for s in r.steps if s.label == "average cut to the whole đồng"]
    assert cut and cut[0].value == AVERAGE and "1,774,052.70" in cut[0].formula
    # the average's own step shows the figure that is multiplied, not 1,774,053 (half up) before the cut
    assert [s.value for s in r.steps if s.label == "average revalued salary"] == [AVERAGE]
    assert "cut to the whole đồng" in r.rounding and "half up" in r.rounding
    assert any(p.table == "average_salary_rounding" and p.value == "floor" for p in r.params)


def test_the_survivor_lump_sum_uses_the_same_cut_average() -> None:
    # Circular 59/2015 Art 27.4: the same years (1 before 2014, 25 months from 2014 → 2.5) and Art 70.1 of Law 58:
    # 1.5 × 1 + 2 × 2.5 = 6.5 months of the average — worker A dying in 09/2017 leaves 6.5 × 1,774,052.
    r = survivors.run({"benefit": "lump_sum", "death_date": "2017-09-15", "periods": WORKER_A})
    assert r.law == "L58" and r.months_of_average == D("6.5")
    assert r.average_salary == AVERAGE
    assert r.amount == LUMP_SUM
    assert "cut to the whole đồng" in r.rounding


def test_the_pension_multiplies_the_cut_average_by_the_rate() -> None:
    # Circular 59/2015 Art 20 defines one average "để tính lương hưu, trợ cấp một lần": the pension takes it as the
    # one-time lump sum does. 1995-01..03 at 1,000,001 and 1996–2015 at 4,000,000 (20 years 3 months), pension from
    # 2016-02 (Circular 58/2015 table): the revalued total is not a whole multiple of the 243 months; the pension is
    # rate × the cut average, rounded half up once.
    periods = [{"from": "1995-01", "to": "1995-03", "salary": 1_000_001, "kind": "employer"},
               {"from": "1996-01", "to": "2015-12", "salary": 4_000_000, "kind": "employer"}]
    r = pension.run({"sex": "male", "birth_date": "1956-01-10", "pension_start": "2016-02-01", "periods": periods})
    cut = [s for s in r.steps if s.label == "average cut to the whole đồng"]
    assert r.eligible and cut and r.average_salary == cut[0].value and not cut[0].formula.startswith(f"{cut[0].value:,}.00")
    assert r.formula_amount == int((D(r.average_salary) * r.rate).quantize(D(1), rounding="ROUND_HALF_UP"))
    assert "cut to the whole đồng" in r.rounding and "example 39" in r.rounding


def test_law71_decisions_keep_the_average_exact() -> None:
    # No Law 71 example with a non-whole average was found: the engine's rule is kept (row 2007, UNVERIFIED).
    assert AVERAGE_ROUNDING.at(d("2015-12-31")) == "exact"
    assert AVERAGE_ROUNDING.entry(d("2015-12-31")).status == "UNVERIFIED"
    # State pay 2010-01..2014-06: 54 months at coefficient 2.0, one of them (2014-06) at 2.01 → exact average
    # (53 × 2.0 + 2.01) × 1,150,000 / 54 = 2,300,212.96…; 1.5 × 4.5 = 6.75 months → 15,526,437.5 → 15,526,438.
    r = one_time.run({"decision_date": "2015-07-15", "ground": "left_12_months", "periods": [
        {"from": "2010-01", "to": "2014-05", "salary": 1_000_000, "kind": "state", "coefficient": "2.0"},
        {"from": "2014-06", "to": "2014-06", "salary": 1_000_000, "kind": "state", "coefficient": "2.01"}]})
    assert r.law == "L71"
    exact = (53 * D("2.0") + D("2.01")) * 1_150_000 / 54
    assert r.amount == int((exact * D("6.75")).quantize(D(1), rounding="ROUND_HALF_UP")) == 15_526_438
    assert not any(s.label == "average cut to the whole đồng" for s in r.steps)
    assert "kept exact" in r.rounding


def test_the_rule_is_read_from_the_table_with_its_source() -> None:
    floor = AVERAGE_ROUNDING.entry(d("2017-09-15"))
    assert floor.value == "floor" and floor.status == "3P"
    assert "1,774,052" in floor.basis and "11,531,338" in floor.basis
    assert AVERAGE_ROUNDING.at(d("2026-01-01")) == "floor"
