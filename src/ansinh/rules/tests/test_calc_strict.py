"""Strict calculator input (issue 15): unknown fields refused by name, amounts bounded, every refusal names a field,
one notation for regions, dates after the tables' review say which law they were computed with."""

from __future__ import annotations

import ast
import importlib
import inspect
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansinh.rules.catalogue import MAX_VND, all_calculators, check_fields, region_of
from ansinh.rules.tables import HELD_ON, RuleError

CALCULATORS = all_calculators()


def refusal(kind: str, data: dict[str, Any]) -> RuleError:
    with pytest.raises(RuleError) as info:
        CALCULATORS[kind].compute(data)
    assert info.value.field, f"{kind}: refusal without a field: {info.value.message}"
    return info.value


def test_a_misspelt_optional_field_is_refused_naming_it() -> None:
    err = refusal("contribution", {"salary": 10_000_000, "month": "2026-03", "regoin": 2})
    assert (err.code, err.field) == ("unknown_field", "regoin")
    assert "did you mean 'region'" in err.message


def test_unknown_fields_inside_periods_and_relatives_are_refused() -> None:
    example = dict(CALCULATORS["pension"].example)
    example["periods"] = [{**example["periods"][0], "salry": 1}]
    assert refusal("pension", example).field == "periods[0].salry"
    err = refusal("survivor", {"benefit": "monthly", "death_date": "2026-08-10", "compulsory_months": 200,
                               "relatives": [{"relation": "child", "age": 5, "incom": 0}]})
    assert err.field == "relatives[0].incom"


def test_huge_amounts_and_counts_are_refused() -> None:
    assert refusal("contribution", {"salary": 10**30, "month": "2026-03"}).code == "too_large"
    assert refusal("contribution", {"salary": MAX_VND + 1, "month": "2026-03"}).field == "salary"
    assert refusal("household-hi", {"members": 10**9, "month": "2026-03"}).field == "members"
    periods = [{"from": "2020-01", "to": "2025-12", "salary": 10**30}]
    assert refusal("one-time-si", {"decision_date": "2026-03-16", "ground": "left_12_months",
                                   "periods": periods}).field == "periods[0].salary"
    assert refusal("sickness", {"event": "own", "leave_from": "2025-09-08", "days": "1e9", "salary": 8_000_000,
                                "contribution_months": 60}).field == "days"
    assert refusal("work-injury", {"benefit_start": "2026-08-01", "incapacity_pct": 101, "salary": 1}).field == \
        "incapacity_pct"


def test_a_month_before_the_tables_names_the_date_field() -> None:
    err = refusal("sickness", {"event": "own", "leave_from": "1994-03-01", "days": 3, "salary": 8_000_000,
                               "contribution_months": 60})
    assert err.field == "leave_from" and "1994-03-01" in err.message
    assert refusal("contribution", {"salary": 10_000_000, "month": "1994-12"}).field == "month"
    assert refusal("late-interest", {"amount": 1, "from": "1990-01-01", "to": "1990-02-01"}).field


def test_regions_one_notation_everywhere() -> None:
    assert [region_of(v) for v in (1, "2", "III", "iv")] == [1, 2, 3, 4]
    for bad in (0, 5, "V", True, 1.5, None):
        with pytest.raises(RuleError):
            region_of(bad)
    roman = CALCULATORS["contribution"].compute({"salary": 10_000_000, "month": "2026-03", "region": "II"})
    number = CALCULATORS["contribution"].compute({"salary": 10_000_000, "month": "2026-03", "region": 2})
    assert roman == number
    ui = dict(CALCULATORS["unemployment"].example)
    assert CALCULATORS["unemployment"].compute({**ui, "region": 2}) == CALCULATORS["unemployment"].compute(ui)


def test_a_date_after_the_review_says_which_law() -> None:
    spec = CALCULATORS["contribution"]
    later = spec.compute_json({"salary": 10_000_000, "month": f"{HELD_ON.year + 3}-03", "region": 1})
    assert later["law_as_held_on"] == HELD_ON.isoformat() and "law as held on" in later["law_note"]
    assert "law_as_held_on" not in spec.compute_json(spec.example)


def _fields_read(module: Any) -> set[str]:
    """String field names a calculator module reads from its `data`: field_*(data, "x"), data.get("x"), data["x"]."""
    tree = ast.parse(inspect.getsource(module))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            args = node.args
            if name.startswith(("field_", "parse_periods")) and len(args) >= 2 and isinstance(args[0], ast.Name) \
                    and args[0].id == "data" and isinstance(args[1], ast.Constant) and isinstance(args[1].value, str):
                out.add(args[1].value)
            if name in ("get", "pop") and isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name) \
                    and fn.value.id == "data" and args and isinstance(args[0], ast.Constant):
                out.add(args[0].value)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "data" \
                and isinstance(node.slice, ast.Constant):
            out.add(node.slice.value)
    return out


@pytest.mark.parametrize("kind", sorted(CALCULATORS))
def test_every_field_a_calculator_reads_is_declared(kind: str) -> None:
    spec = CALCULATORS[kind]
    module = importlib.import_module(spec.run.__module__)
    read = _fields_read(module)
    if "parse_periods" in inspect.getsource(module):
        read.add("periods")
    assert read, f"{kind}: no field found in {module.__name__}"
    assert read <= set(spec.fields), f"{kind} reads undeclared fields {sorted(read - set(spec.fields))}"
    assert set(spec.example) <= set(spec.fields)
    check_fields(spec.example, spec.fields)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**40, 10**40) | st.text(max_size=12)
    | st.sampled_from(["2026-03", "1994-12", "2026-03-16", "1995-01-01", "9999-12-31", "II", "1e9", "-1", "0.5"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@pytest.mark.parametrize("kind", sorted(CALCULATORS))
@settings(max_examples=60)
@given(data=st.data())
def test_any_input_is_answered_or_refused_naming_a_field(kind: str, data: st.DataObject) -> None:
    spec = CALCULATORS[kind]
    keys = list(spec.fields)
    payload = dict(spec.example)
    for name in data.draw(st.lists(st.sampled_from(keys), max_size=3, unique=True)):
        payload[name] = data.draw(JSON)
    if data.draw(st.booleans()):
        payload.pop(data.draw(st.sampled_from(sorted(payload))), None)
    try:
        spec.compute(payload)
    except RuleError as exc:
        assert exc.field, f"{kind}: {exc.code} {exc.message} has no field"
