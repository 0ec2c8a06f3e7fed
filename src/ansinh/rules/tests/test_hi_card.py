"""HI card rules: the number (format, parse, refusals — hypothesis), the benefit-digit table by date, validity,
five consecutive years."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules import hi_card
from ansinh.rules.periods import Month
from ansinh.rules.tables import STATUSES, RuleError

PATTERN = re.compile(hi_card.CARD_NUMBER_PATTERN)
groups = st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2)
digits = st.integers(min_value=1, max_value=5)
provinces = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")
si_numbers = st.integers(min_value=0, max_value=10**10 - 1).map(lambda n: f"{n:010d}")


@given(groups, digits, provinces, si_numbers)
def test_format_then_parse_round_trips(group, digit, province, si):
    number = hi_card.format_card_number(group=group, benefit=digit, province=province, si_number=si)
    assert len(number) == 15 and PATTERN.match(number) and hi_card.is_card_number(number)
    parsed = hi_card.parse_card_number(number)
    assert (parsed.group, parsed.benefit, parsed.province, parsed.si_number) == (group, digit, province, si)
    assert str(parsed) == number


@given(groups, digits, provinces, si_numbers)
def test_parse_accepts_lower_case_and_separators(group, digit, province, si):
    text = f" {group.lower()}-{digit} {province}.{si[:5]} {si[5:]} "
    assert str(hi_card.parse_card_number(text)) == f"{group}{digit}{province}{si}"


@given(st.text(max_size=20))
def test_parse_refuses_anything_else_with_a_code(text):
    compact = re.sub(r"[\s\-.]", "", text).upper()
    if PATTERN.match(compact):
        assert str(hi_card.parse_card_number(text)) == compact
    else:
        with pytest.raises(RuleError) as exc:
            hi_card.parse_card_number(text)
        assert exc.value.code in {"required", "wrong_length", "bad_group", "bad_benefit", "not_digits"}
        assert exc.value.field == "number"


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"group": "D1"}, "bad_group"), ({"group": "DNN"}, "bad_group"), ({"benefit": 0}, "bad_benefit"),
    ({"benefit": 6}, "bad_benefit"), ({"benefit": True}, "bad_benefit"), ({"province": "2"}, "bad_province"),
    ({"si_number": "123456789"}, "bad_si_number"), ({"si_number": "12345678901"}, "bad_si_number"),
    ({"si_number": "１２３４５６７８９０"}, "bad_si_number"),
])
def test_format_names_the_bad_part(kwargs, code):
    args = {"group": "DN", "benefit": 4, "province": "20", "si_number": "2000000001", **kwargs}
    with pytest.raises(RuleError) as exc:
        hi_card.format_card_number(**args)
    assert exc.value.code == code


def test_parse_examples():
    assert hi_card.parse_card_number("DN4792000000001").province == "79"
    for bad, code in [("DN479200000000", "wrong_length"), ("DN679200000000 1", "bad_benefit"),
                      ("D14792000000001", "bad_group"), ("DN47920000000O1", "not_digits"), ("", "required")]:
        with pytest.raises(RuleError) as exc:
            hi_card.parse_card_number(bad)
        assert exc.value.code == code, bad


def test_benefit_table_has_no_gap_a_basis_and_a_status():
    table = hi_card.BENEFIT_DIGIT
    assert table.problems() == [] and table.contiguous
    for entry in table:
        assert entry.basis and entry.status in STATUSES
        assert set(entry.value.values()) <= {1, 2, 3, 4, 5}
        assert all(re.fullmatch(r"[A-Z]{2}", g) for g in entry.value)


@pytest.mark.parametrize(("group", "day", "digit"), [
    ("CN", dt.date(2025, 12, 31), 3), ("CN", dt.date(2026, 1, 1), 2),
    ("LH", dt.date(2025, 12, 31), 4), ("LH", dt.date(2026, 1, 1), 2),
    ("TE", dt.date(2025, 12, 31), 1), ("TE", dt.date(2026, 1, 1), 1),
    ("DN", dt.date(2020, 1, 1), 4), ("HT", dt.date(2026, 6, 1), 3), ("HN", dt.date(2026, 6, 1), 2),
    ("QN", dt.date(2026, 6, 1), 5), ("GD", dt.date(2026, 6, 1), 4),
])
def test_benefit_digit_by_date(group, day, digit):
    found = hi_card.benefit_digit(group, day)
    assert found.digit == digit
    assert found.level == hi_card.BENEFIT_LEVELS[digit]
    assert found.status == "3P"


@given(st.dates(min_value=dt.date(2015, 11, 16), max_value=dt.date(2040, 12, 31)))
def test_only_cn_and_lh_change_on_2026_01_01(day):
    before, after = hi_card.BENEFIT_DIGIT.entries
    changed = {g for g in before.value if before.value[g] != after.value[g]}
    assert changed == {"CN", "LH"}
    assert hi_card.benefit_digit("DN", day).digit == 4


def test_unknown_group_and_date_before_the_table():
    with pytest.raises(RuleError) as exc:
        hi_card.benefit_digit("ZZ", dt.date(2026, 1, 1))
    assert exc.value.code == "unknown_group"
    with pytest.raises(RuleError) as exc:
        hi_card.benefit_digit("DN", dt.date(2010, 1, 1))
    assert exc.value.code == "no_rule_for_date"


def test_a_printed_card_is_read_with_the_digit_of_the_day():
    assert hi_card.benefit_digit_on("CN3202000000001", dt.date(2026, 2, 1)).digit == 2


def test_every_digit_group_has_a_category():
    assert set(hi_card.BENEFIT_DIGIT.at(dt.date(2026, 1, 1))) == set(hi_card.GROUP_CATEGORY)
    assert (hi_card.category_of("gd"), hi_card.category_of("CN"), hi_card.category_of("DN")) == (5, 4, 1)
    assert hi_card.category_of("ZZ") is None


# --- validity ---------------------------------------------------------------------------------------------------

D = dt.date


def test_validity_examples():
    # household (group 5), first time, paid 20 Feb for March-August: valid 30 days after payment, same length
    v = hi_card.card_validity(category=5, coverage_from=D(2026, 3, 1), coverage_to=D(2026, 8, 31),
                              paid_on=D(2026, 2, 20), previous_end=None)
    assert (v.valid_from, v.valid_to, v.rule, v.status) == (D(2026, 3, 22), D(2026, 9, 21), "waiting", "V-LAW")
    # after a gap of 89 days: no waiting; 90 days: waiting
    v = hi_card.card_validity(category=4, coverage_from=D(2026, 3, 1), coverage_to=D(2026, 8, 31),
                              paid_on=D(2026, 2, 20), previous_end=D(2026, 3, 1) - dt.timedelta(days=90))
    assert v.rule == "payment" and v.valid_from == D(2026, 3, 1)
    v = hi_card.card_validity(category=4, coverage_from=D(2026, 3, 1), coverage_to=D(2026, 8, 31),
                              paid_on=D(2026, 2, 20), previous_end=D(2026, 3, 1) - dt.timedelta(days=91))
    assert v.rule == "waiting"
    # employees: from the payment date; continuing: the day after the previous card
    v = hi_card.card_validity(category=1, coverage_from=D(2026, 3, 1), coverage_to=D(2026, 12, 31),
                              paid_on=D(2026, 4, 10), previous_end=None)
    assert (v.valid_from, v.rule) == (D(2026, 4, 10), "payment")
    v = hi_card.card_validity(category=5, coverage_from=D(2026, 3, 1), coverage_to=D(2026, 12, 31),
                              paid_on=D(2026, 4, 10), previous_end=D(2026, 3, 9))
    assert (v.valid_from, v.rule) == (D(2026, 3, 10), "continued")
    # nothing left
    assert hi_card.card_validity(category=1, coverage_from=D(2026, 3, 1), coverage_to=D(2026, 3, 31),
                                 paid_on=D(2026, 4, 10), previous_end=None) is None
    with pytest.raises(RuleError):
        hi_card.card_validity(category=6, coverage_from=D(2026, 3, 1), coverage_to=D(2026, 3, 31),
                              paid_on=D(2026, 4, 10), previous_end=None)


@given(st.integers(1, 5), st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.integers(0, 400), st.integers(-200, 200),
       st.one_of(st.none(), st.integers(-800, 400)))
def test_validity_properties(category, start, length, paid_offset, previous_offset):
    end = start + dt.timedelta(days=length)
    paid = start + dt.timedelta(days=paid_offset)
    previous = None if previous_offset is None else start + dt.timedelta(days=previous_offset)
    v = hi_card.card_validity(category=category, coverage_from=start, coverage_to=end, paid_on=paid,
                              previous_end=previous)
    if v is None:
        return
    assert v.valid_from <= v.valid_to
    assert v.valid_from >= start
    if v.rule == "waiting":
        assert category in (4, 5)
        assert (v.valid_to - v.valid_from) == (end - start)  # the length paid
        assert v.valid_from >= paid + dt.timedelta(days=hi_card.WAITING_DAYS)
    else:
        assert v.valid_to == end
        if previous is not None and v.rule == "continued":
            assert v.valid_from == max(start, previous + dt.timedelta(days=1))
        else:
            assert v.valid_from == max(start, paid)


# --- five consecutive years --------------------------------------------------------------------------------------

def months(first: Month, n: int) -> list[Month]:
    return [first + i for i in range(n)]


def test_five_years_examples():
    on = D(2026, 1, 1)
    assert hi_card.five_years_date_of_months([], on=on) is None
    assert hi_card.five_years_date_of_months(months(Month(2020, 1), 60), on=on) == D(2025, 1, 1)
    assert hi_card.five_years_date_of_months(months(Month(2020, 1), 80), on=on) == D(2025, 1, 1)
    # projected: joined March 2026
    assert hi_card.five_years_date_of_months([Month(2026, 3)], on=on) == D(2031, 3, 1)
    # a 3-month break keeps the run (gap months not counted), a 4-month break restarts it
    run = months(Month(2020, 1), 12) + months(Month(2021, 4), 48)
    assert hi_card.five_years_date_of_months(run, on=on) == D(2025, 4, 1)
    run = months(Month(2020, 1), 12) + months(Month(2021, 5), 48)
    assert hi_card.five_years_date_of_months(run, on=on) == D(2026, 5, 1)


@given(st.sets(st.integers(0, 120), max_size=120))
def test_five_years_date_is_after_the_last_break_and_at_least_five_years_on(offsets):
    covered = [Month(2018, 1) + i for i in offsets]
    got = hi_card.five_years_date_of_months(covered, on=D(2026, 1, 1))
    if not covered:
        assert got is None
        return
    assert got.day == 1
    assert got >= (min(covered) + 60).first_day  # never sooner than 60 months after the first month


def _reference_five_years(covered: list[Month]) -> dt.date | None:
    """Month by month, the obvious way: the run after the last break of more than 3 months, its 60th month."""
    ordered = sorted(set(covered))
    if not ordered:
        return None
    start = 0
    for i in range(1, len(ordered)):
        if ordered[i].index - ordered[i - 1].index - 1 > 3:
            start = i
    run = ordered[start:]
    if len(run) >= 60:
        return (run[59] + 1).first_day
    return (run[-1] + (60 - len(run)) + 1).first_day


@given(st.lists(st.tuples(st.integers(0, 120), st.integers(0, 30)), max_size=8))
def test_five_years_from_spans_equals_month_by_month(raw):
    spans = [(Month(2018, 1) + a, Month(2018, 1) + a + n) for a, n in raw]
    covered = [Month.from_index(i) for a, b in spans for i in range(a.index, b.index + 1)]
    assert hi_card.five_years_date(spans, on=D(2026, 1, 1)) == _reference_five_years(covered)
