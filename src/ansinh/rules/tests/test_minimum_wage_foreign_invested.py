"""The floor of a foreign-invested employer while the decrees set its regional minimum wage apart (2009-01..2011-09),
pinned to the decrees read (docs/legal-sources.md, "regional_minimum_wage_foreign_invested")."""

from __future__ import annotations

import pytest

from ansinh.rules.contributions import compulsory
from ansinh.rules.contributions.parameters import month_parameters
from ansinh.rules.params.reference import REGIONAL_MINIMUM_WAGE_FDI
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError


@pytest.mark.parametrize(("month", "levels"), [
    # Decree 111/2008 Art 1 (MOLISA CV 651/LĐTBXH-LĐTL quoting it), from 01/01/2009
    (Month(2009, 1), (1_200_000, 1_080_000, 950_000, 920_000)),
    # Decree 98/2009 Art 1, from 01/01/2010
    (Month(2010, 12), (1_340_000, 1_190_000, 1_040_000, 1_000_000)),
    # Decree 107/2010 Art 1, from 01/01/2011
    (Month(2011, 9), (1_550_000, 1_350_000, 1_170_000, 1_100_000)),
])
def test_foreign_invested_floor_by_decree(month: Month, levels: tuple[int, ...]) -> None:
    for region, level in enumerate(levels, start=1):
        p = month_parameters(month, region=region, employer="foreign_invested")
        assert (p.floor, p.employer) == (level, "foreign_invested")
        assert "foreign-invested" in p.floor_name
        # the domestic floor of the same month is lower
        assert month_parameters(month, region=region).floor < level


def test_one_level_for_all_from_decree_70_2011() -> None:
    # Decree 70/2011: from 01/10/2011 the same 2,000,000 / … / 1,400,000 for domestic and foreign-invested employers
    for region in (1, 4):
        fdi = month_parameters(Month(2011, 10), region=region, employer="foreign_invested")
        assert fdi.floor == month_parameters(Month(2011, 10), region=region).floor
        assert "foreign" not in fdi.floor_name
    assert REGIONAL_MINIMUM_WAGE_FDI.entries[-1].valid_to is None and REGIONAL_MINIMUM_WAGE_FDI.entries[-1].value is None


def test_before_2009_the_floor_is_the_general_minimum_wage_for_every_employer() -> None:
    # the 2008 levels of Decree 168/2007 are not held (nor the domestic ones of Decree 167/2007)
    assert month_parameters(Month(2008, 12), region=1, employer="foreign_invested").floor == 540_000


def test_contribution_calculator_refuses_a_salary_below_the_foreign_invested_floor() -> None:
    # 03/2010, region IV: 1,000,000 for a foreign-invested employer (730,000 for a domestic one)
    with pytest.raises(RuleError) as err:
        compulsory.run({"salary": 999_999, "month": "2010-03", "region": 4, "employer": "foreign_invested"})
    assert err.value.field == "salary" and "1,000,000" in err.value.message
    domestic = compulsory.run({"salary": 999_999, "month": "2010-03", "region": 4})  # above the domestic 730,000
    assert domestic.si_hi_base == 999_999
    r = compulsory.run({"salary": 1_000_000, "month": "2010-03", "region": 4, "employer": "foreign_invested"})
    assert r.si_hi_base == 1_000_000
    with pytest.raises(RuleError) as err:
        compulsory.run({"salary": 1_000_000, "month": "2010-03", "region": 4, "employer": "fdi"})
    assert err.value.field == "employer"
