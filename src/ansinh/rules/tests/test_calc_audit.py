"""Acceptance audit of every calculator's input and answer (issue 15), as a new user would feed them.

For EVERY calculator of `all_calculators()`, a table of hostile inputs built from its own example: an unknown field, a
misspelt optional field, wrong types (string for a number, float for money, bool), negative, zero and huge (10^30)
values, an empty object, dates before 1995, one month of every year 1995..today, a date after today, nested lists too
long and nested values of the wrong type. Each must give either an answer (whole-đồng integers, no float/NaN, no
negative money, `rounding` stated, the law named, `law_as_held_on` after HELD_ON) or a refusal naming a field of the
input (`code`, `field`, `message`) — never another exception, never a field the user did not write.

Deterministic (no hypothesis) and cheap: a few seconds for all calculators.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from ansinh.rules.catalogue import all_calculators
from ansinh.rules.tables import HELD_ON, RuleError

CALCULATORS = all_calculators()
KINDS = sorted(CALCULATORS)
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?(T\d{2}:\d{2})?$")
WRONG = {
    "string": "abc", "empty string": "", "float": 1.5, "whole float": 1.0, "true": True, "false": False, "negative": -1,
    "zero": 0, "huge": 10**30, "huge negative": -(10**30), "list": [1], "object": {"a": 1}, "numeric string": "1e9",
    "huge string": "1" + "0" * 30, "bad month": "2026-13", "far date": "9999-12-31",
}
# Negative figures the law means: a fall in the number of participants (report-figures' changes), the discount of
# voluntary SI paid in advance (lump_sum_adjustment < 0).
NEGATIVE_OK = {("report-figures", ".month_change.diff"), ("report-figures", ".year_change.diff"),
               ("report-figures", ".month_change.pct"), ("report-figures", ".year_change.pct"),
               ("voluntary-si", ".lump_sum_adjustment")}
# Answers that carry no money (no rounding to state) or no law (arithmetic of the reports).
NO_ROUNDING = {"due-date"}  # whole working days, no amount
NO_LAW = {"report-figures"}  # the reports' arithmetic, no legal parameter


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    else:
        yield path, value


def _shift(value: str, year: int, month: int) -> str:
    if len(value) == 7:
        return f"{year:04d}-{month:02d}"
    day = f"{year:04d}-{month:02d}-{min(int(value[8:10]), 28):02d}"
    return day + value[10:]


def answer_or_refusal(kind: str, data: dict[str, Any]) -> dict[str, Any] | RuleError:
    """Run strictly; assert the acceptance contract on whatever comes back."""
    spec = CALCULATORS[kind]
    try:
        result = spec.compute_json(data)
    except RuleError as exc:
        assert exc.code and exc.message, f"{kind}: refusal without code or message: {exc!r}"
        assert exc.field, f"{kind}: {exc.code} has no field: {exc.message}"
        root = re.split(r"[.\[]", exc.field)[0]
        assert root in (*spec.fields, *data, "input"), f"{kind}: refusal names {exc.field!r}, not a field of the input"
        return exc
    text = json.dumps(result, allow_nan=False)  # no NaN / Infinity
    assert "Traceback" not in text
    for path, value in _walk(result):
        assert not isinstance(value, float), f"{kind}: float {value!r} at {path} (amounts are whole đồng ints)"
        shape = re.sub(r"\[\d+\]", "[]", path)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            assert (kind, shape) in NEGATIVE_OK, f"{kind}: negative {value} at {path} for {data}"
    if kind not in NO_ROUNDING:
        assert result.get("rounding"), f"{kind}: no rounding stated"
    if kind not in NO_LAW:
        named = result.get("law") or result.get("decree") or result.get("basis") or result.get("article") or any(
            p.get("basis") for p in result.get("params") or ())
        assert named, f"{kind}: the answer names no law"
    return result


def _cases(kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    spec = CALCULATORS[kind]
    example = json.loads(json.dumps(spec.example))
    yield "example", example
    yield "empty object", {}
    yield "unknown field", {**example, "zzz_unknown": 1}
    for name in spec.fields:
        if len(name) > 3 and name not in example and name[:-1] not in spec.fields:
            yield f"misspelt {name}", {**example, name[:-1]: 1}
        for label, value in WRONG.items():
            yield f"{name}={label}", {**example, name: value}
    for name, value in example.items():
        if isinstance(value, str) and DATE.match(value):
            for year, month in [(1990, 1), (1994, 12), *((y, y % 12 + 1) for y in range(1995, HELD_ON.year + 1)),
                                (HELD_ON.year + 1, 1), (HELD_ON.year + 4, 6)]:
                shifted = {k: _shift(v, year, month) if isinstance(v, str) and DATE.match(v) else v
                           for k, v in example.items()}
                yield f"{name} {year}-{month:02d}", {**example, name: _shift(value, year, month)}
                yield f"all dates {year}-{month:02d}", shifted
        if isinstance(value, list) and value and isinstance(value[0], dict):
            yield f"{name} too long", {**example, name: value * 2000}
            yield f"{name} not objects", {**example, name: [[1]]}
            yield f"{name}[0] unknown", {**example, name: [{**value[0], "zzz": 1}]}
            for nested in spec.nested.get(name, ()):
                for label, bad in WRONG.items():
                    yield f"{name}[0].{nested}={label}", {**example, name: [{**value[0], nested: bad}]}
    if isinstance(example.get("year"), int):
        for year in (1990, 1995, 2007, HELD_ON.year, HELD_ON.year + 1, HELD_ON.year + 4):
            yield f"year {year}", {**example, "year": year}


@pytest.mark.parametrize("kind", KINDS)
def test_every_hostile_input_is_answered_or_refused_naming_a_field(kind: str) -> None:
    for label, data in _cases(kind):
        try:
            answer_or_refusal(kind, data)
        except AssertionError as exc:
            raise AssertionError(f"{kind} [{label}]: {exc}") from None


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_misspelt_and_empty_are_refused(kind: str) -> None:
    spec = CALCULATORS[kind]
    example = dict(spec.example)
    assert isinstance(answer_or_refusal(kind, {**example, "zzz_unknown": 1}), RuleError)
    for name in spec.fields:
        if len(name) > 3 and name not in example and name[:-1] not in spec.fields:
            err = answer_or_refusal(kind, {**example, name[:-1]: 1})
            assert isinstance(err, RuleError) and (err.code, err.field) == ("unknown_field", name[:-1])
            assert f"did you mean {name!r}" in err.message
    assert isinstance(answer_or_refusal(kind, {}), RuleError)


@pytest.mark.parametrize("kind", KINDS)
def test_wrong_types_are_refused_even_where_the_field_is_not_used(kind: str) -> None:
    """An object or a list where a scalar is meant, or a string where a flag is meant, is refused by name — also for
    an optional field the example's case does not read (it used to be ignored in silence)."""
    spec = CALCULATORS[kind]
    example = dict(spec.example)
    containers = {"periods", "relatives", "local", "lists", "extra_off", "extra_work", "weekly_rest", "rest_days",
                  "holidays", "conditions", "deceased"}
    for name in spec.fields:
        if name in containers:
            continue
        for bad in ({"a": 1}, [1], "abc" if name not in ("commune", "procedure") else {"a": 1}):
            err = answer_or_refusal(kind, {**example, name: bad})
            if isinstance(bad, str) and not isinstance(err, RuleError):
                continue  # a free string field (a name, a code) may take any text
            assert isinstance(err, RuleError), f"{kind}: {name}={bad!r} was accepted"
            assert err.field.split("[")[0].split(".")[0] == name, f"{kind}: {name}={bad!r} refused as {err.field}"


@pytest.mark.parametrize("kind", KINDS)
def test_a_date_after_the_review_is_computed_with_the_law_held_or_refused(kind: str) -> None:
    spec = CALCULATORS[kind]
    example = json.loads(json.dumps(spec.example))
    for year in (HELD_ON.year + 1, HELD_ON.year + 2):
        later = {k: _shift(v, year, 3) if isinstance(v, str) and DATE.match(v) else v for k, v in example.items()}
        if isinstance(later.get("year"), int):
            later["year"] = year
        outcome = answer_or_refusal(kind, later)
        if isinstance(outcome, RuleError):
            # refused only where the law sets the date of a change whose value is not held (revaluation
            # coefficients, a year's holidays) or the input is incoherent: the message names what is missing
            assert outcome.field in spec.fields or outcome.field.startswith("periods"), outcome.field
            continue
        if kind in NO_LAW:
            continue
        assert outcome.get("law_as_held_on") == HELD_ON.isoformat(), f"{kind}: a {year} date without the note"
        assert "law as held on" in outcome["law_note"]


def test_the_fixes_of_this_audit() -> None:
    def refused(kind: str, data: dict[str, Any]) -> RuleError:
        outcome = answer_or_refusal(kind, data)
        assert isinstance(outcome, RuleError), f"{kind}: {data} was answered"
        return outcome

    # a flag given as a string was read as true: "false" → True
    assert refused("hi-group", {"group": "student", "month": "2026-03", "has_card": "false"}).field == "has_card"
    assert refused("student-hi", {"grade": 12, "year": 2026, "final_year": "no"}).field == "final_year"
    assert refused("household-hi", {"members": 2, "month": "2026-03", "province": "20",
                                    "local": [{"has_card": "false"}]}).field == "local[0].has_card"
    # a malformed commune was ignored when a region was given
    assert refused("contribution", {"salary": 10_000_000, "month": "2026-03", "region": 1, "commune": "abc"}).field \
        == "commune"
    # a late-interest rate of 10^9 per month was computed
    assert refused("late-interest", {"amount": 1, "from": "2025-08-01", "to": "2025-08-31",
                                     "monthly_rate": "1e9"}).code == "too_large"
    # a due-date refusal named `year`, a field the user never wrote
    err = refused("due-date", {"received": "2030-06-01T09:30", "procedure": "benefit-one-time"})
    assert (err.code, err.field) == ("no_holiday_table", "received")
    # a limit or unit given with a procedure was ignored; a JSON number was read as a date; "1000…0" as 10:00
    assert refused("due-date", {"received": "2026-02-12", "procedure": "benefit-one-time", "limit": 3}).field == "limit"
    assert refused("due-date", {"received": 20260212, "procedure": "benefit-one-time"}).field == "received"
    assert refused("due-date", {"received": "2026-02-12", "procedure": "benefit-one-time",
                                "office_end": "1" + "0" * 28}).field == "office_end"
    # contributions after the decision of a one-time lump sum gave "-120 months out of SI"
    err = refused("one-time-si", {"decision_date": "2015-01-16", "ground": "left_12_months",
                                  "periods": [{"from": "2010-03", "to": "2024-12", "salary": 7_000_000}]})
    assert (err.code, err.field) == ("after_decision", "periods[0].to")
    # an unemployment decision before the termination was computed
    example = dict(CALCULATORS["unemployment"].example)
    assert refused("unemployment", {**example, "decision_date": "2026-01-01"}).field == "decision_date"
    # 100,000 relatives were computed line by line (5 s, 41 MB of JSON)
    assert refused("survivor", {"benefit": "monthly", "death_date": "2026-08-10", "compulsory_months": 200,
                                "relatives": [{"relation": "child", "age": 5}] * 101}).field == "relatives"
    # a count given as a float where a whole number is meant (also where the case does not read it)
    assert refused("voluntary-si", {"income": 1_500_000, "month": "2026-03", "months": 1.5}).field == "months"
    assert refused("sickness", {"event": "own", "leave_from": "2025-09-08", "days": 3, "salary": 8_000_000,
                                "contribution_months": 60, "child_age_years": -1}).field == "child_age_years"


def test_a_due_date_after_the_review_says_which_law() -> None:
    """due-date reads no parameter table, so the note came from none: a 2027 dossier was answered without saying the
    time limits are those held on HELD_ON."""
    out = answer_or_refusal("due-date", {"received": f"{HELD_ON.year + 1}-03-02T09:30", "procedure": "benefit-one-time"})
    assert isinstance(out, dict) and out["law_as_held_on"] == HELD_ON.isoformat()
    out = answer_or_refusal("due-date", {"received": "2026-03-02T09:30", "procedure": "benefit-one-time"})
    assert isinstance(out, dict) and "law_as_held_on" not in out
    later = answer_or_refusal("report-figures", {"month": f"{HELD_ON.year + 3}-01", "now": 1})
    assert isinstance(later, dict) and "law_as_held_on" not in later  # the reports' arithmetic is no law


def test_regions_are_written_with_one_notation_in_the_answers() -> None:
    """Inputs take 1–4 (or I–IV) everywhere; the answers write the number too (unemployment wrote "… wage II")."""
    for kind in ("contribution", "unemployment"):
        text = json.dumps(answer_or_refusal(kind, {**CALCULATORS[kind].example, "region": "II"}), ensure_ascii=False)
        assert "regional minimum wage 2" in text and "regional minimum wage II" not in text, kind


def test_report_figures_keep_the_printed_decimals_in_json() -> None:
    out = CALCULATORS["report-figures"].compute_json({"scheme": "hi", "month": "2026-03", "now": 1034,
                                                      "last_month": 1034, "population": 1000, "target": 1000})
    assert out["month_change"]["pct"] == "0.0" and out["coverage_pct"] == "103.4"
    assert out["progress_pct_table"] == "103.40" and out["progress_pct_sentence"] == "103.4"


def test_every_month_from_1995_is_answered_or_refused_naming_the_source() -> None:
    """Every calculator, one month of every year 1995..today: an answer, or a refusal under the date field (or the
    field the law of that month does not know) whose message names what is missing."""
    for kind in KINDS:
        spec = CALCULATORS[kind]
        example = json.loads(json.dumps(spec.example))
        for year in range(1995, HELD_ON.year + 1):
            data = {k: _shift(v, year, year % 12 + 1) if isinstance(v, str) and DATE.match(v) else v
                    for k, v in example.items()}
            if isinstance(data.get("year"), int):
                data["year"] = year
            outcome = answer_or_refusal(kind, data)
            if isinstance(outcome, RuleError) and outcome.code == "no_rule_for_date":
                assert outcome.field == spec.date_field, (kind, year, outcome.field)
                assert re.search(r"\d{4}", outcome.message), (kind, year, outcome.message)



def _choices(kind: str) -> dict[str, list[str]]:
    """The values of each choice field, read from the calculator's own refusal ("must be one of a, b, c")."""
    spec = CALCULATORS[kind]
    out = {}
    for name in spec.fields:
        err = answer_or_refusal(kind, {**spec.example, name: "zzz"})
        match = re.search(r"one of ([\w\-, |]+)", err.message) if isinstance(err, RuleError) else None
        if match and err.field == name:
            out[name] = [c.strip() for c in re.split(r"[,|]", match.group(1)) if c.strip()]
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_every_choice_of_every_field_with_dates_across_the_laws(kind: str) -> None:
    """Each value of each choice field (event, ground, mode, group, act, …), alone and two at a time, on dates under
    each law held (2007, 2016, 2025, 2027): answered under the contract or refused naming a field."""
    spec = CALCULATORS[kind]
    example = json.loads(json.dumps(spec.example))
    choices = _choices(kind)
    pairs = [((a, x), (b, y)) for a, b in itertools.pairwise(sorted(choices)) for x in choices[a][:4]
             for y in choices[b][:4]]
    variants = [{name: value} for name, values in choices.items() for value in values]
    variants += [dict(pair) for pair in pairs]
    for variant in variants:
        for year in (2007, 2016, 2025, HELD_ON.year + 1):
            data = {k: _shift(v, year, 7) if isinstance(v, str) and DATE.match(v) else v for k, v in example.items()}
            try:
                answer_or_refusal(kind, {**data, **variant})
            except AssertionError as exc:
                raise AssertionError(f"{kind} {variant} {year}: {exc}") from None
