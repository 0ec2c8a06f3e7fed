"""Report figures as the reports print them: changes on the previous month and on the same month of the previous
year, coverage of the population and progress against a target — the arithmetic and its rounding, pure Python.

The reports (`ansinh.reports.figures`, `selectors`, `steering`) compute every printed percentage with these
functions; `ansinh calc report-figures` runs the same functions on figures typed in, so any printed figure can be
checked. Rounding is **half up** (a half goes away from zero) on the exact ratio of two integers — no float:
- change: (now − before) ÷ before × 100, one decimal ("up 235 (4.3 %)"); not given when `before` is 0 or unknown;
- coverage of population: HI participants ÷ population × 100, one decimal ("94.2 % of the population");
- progress against a target: figure ÷ target × 100, two decimals in tables ("91.32 %"), one in sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ansinh.rules.catalogue import CalculatorSpec, field_choice, field_int
from ansinh.rules.explain import Step
from ansinh.rules.periods import Month
from ansinh.rules.tables import RuleError

SCHEMES = ("si", "vsi", "ui", "hi")
ROUNDING = ("percentages half up on the exact ratio of the two whole numbers: changes, coverage and the progress of "
            "sentences to 1 decimal, the progress of tables to 2 decimals; differences are exact whole numbers")
# No count of participants or population in Vietnam reaches a billion; a larger figure is a typing error.
MAX_COUNT = 10**9


def percent(part: int | Decimal, whole: int | Decimal, places: int = 1) -> Decimal | None:
    """part ÷ whole × 100 rounded half up to `places` decimals; None when whole is 0 or unknown."""
    if whole is None or part is None or whole == 0:
        return None
    num, den = Decimal(part), Decimal(whole)
    # exact: both are integers or short decimals; scale to integers
    scale = 10 ** max(_decimals(num), _decimals(den))
    n, d = int(num * scale), int(den * scale)
    if d < 0:
        n, d = -n, -d
    q = 10 ** places
    sign = -1 if n < 0 else 1
    rounded = (2 * abs(n) * 100 * q + d) // (2 * d)
    return Decimal(sign * rounded).scaleb(-places)  # keeps the published decimals: 10.0, not 10


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True)
class Change:
    diff: int
    pct: Decimal | None  # None when the earlier figure is 0

    @property
    def direction(self) -> str:
        return "up" if self.diff > 0 else "down" if self.diff < 0 else "same"


def change(now: int, before: int | None) -> Change | None:
    if before is None:
        return None
    return Change(now - before, percent(now - before, before, 1))


# --- the calculator ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeFigures:
    before: int
    diff: int
    direction: str
    pct: Decimal | None


@dataclass(frozen=True)
class ReportFiguresResult:
    scheme: str
    month: str
    now: int
    month_change: ChangeFigures | None
    year_change: ChangeFigures | None
    coverage_pct: Decimal | None
    progress_pct_table: Decimal | None
    progress_pct_sentence: Decimal | None
    rounding: str
    steps: list[Step] = field(default_factory=list)


def _change_figures(now: int, before: int | None) -> ChangeFigures | None:
    c = change(now, before)
    return None if c is None or before is None else ChangeFigures(before, c.diff, c.direction, c.pct)


def report_figures(*, scheme: str, month: Month, now: int, last_month: int | None = None,
                   last_year: int | None = None, population: int | None = None,
                   target: int | None = None) -> ReportFiguresResult:
    steps: list[Step] = []
    mc, yc = _change_figures(now, last_month), _change_figures(now, last_year)
    for label, c, since in (("change on the previous month", mc, str(month - 1)),
                            ("change on the same month of the previous year", yc, str(month - 12))):
        if c is not None:
            steps.append(Step(label, str(c.pct) if c.pct is not None else None,
                              f"({now:,} − {c.before:,}) ÷ {c.before:,} × 100, 1 decimal half up = {c.diff:+,}"
                              + (f" ({c.pct} %)" if c.pct is not None else " (no % on 0)") + f" on {since}"))
    coverage = percent(now, population, 1) if population else None
    if coverage is not None:
        steps.append(Step("coverage of the population", str(coverage),
                          f"{now:,} ÷ {population:,} × 100, 1 decimal half up"))
    table = percent(now, target, 2) if target else None
    sentence = percent(now, target, 1) if target else None
    if table is not None:
        steps.append(Step("progress against the target (tables)", str(table),
                          f"{now:,} ÷ {target:,} × 100, 2 decimals half up"))
        steps.append(Step("progress against the target (sentences)", str(sentence),
                          f"{now:,} ÷ {target:,} × 100, 1 decimal half up"))
    return ReportFiguresResult(scheme, str(month), now, mc, yc, coverage, table, sentence, ROUNDING, steps)


def _count(data: Mapping[str, Any], name: str, *, required: bool = False) -> int | None:
    if data.get(name) is None and not required:
        return None
    return field_int(data, name, maximum=MAX_COUNT)


def run(data: Mapping[str, Any]) -> ReportFiguresResult:
    value = data.get("month")
    if value in (None, ""):
        raise RuleError("required", "month is required (YYYY-MM): the month the count is for", field="month")
    try:
        month = Month.parse(str(value))
    except ValueError:
        raise RuleError("bad_month", f"month must be a month YYYY-MM, got {value!r}", field="month") from None
    now = _count(data, "now", required=True)
    assert now is not None
    population = _count(data, "population")
    if population == 0:
        raise RuleError("too_small", "population must be at least 1", field="population")
    target = _count(data, "target")
    if target == 0:
        raise RuleError("too_small", "target must be at least 1", field="target")
    return report_figures(scheme=field_choice(data, "scheme", SCHEMES, default="hi"), month=month, now=now,
                          last_month=_count(data, "last_month"), last_year=_count(data, "last_year"),
                          population=population, target=target)


def render(result: ReportFiguresResult) -> dict[str, Any]:
    """The result as JSON, each percentage with the decimals the reports print ("0.0", "62.50"; to_jsonable would
    write "0" and "62.5")."""
    from ansinh.rules.explain import to_jsonable

    out = to_jsonable(result)
    for name in ("month_change", "year_change"):
        figures = getattr(result, name)
        if figures is not None and figures.pct is not None:
            out[name]["pct"] = format(figures.pct, "f")
    for name in ("coverage_pct", "progress_pct_table", "progress_pct_sentence"):
        if getattr(result, name) is not None:
            out[name] = format(getattr(result, name), "f")
    return out


SPEC = CalculatorSpec(
    "report-figures",
    "Report figures: changes on last month and last year, coverage and target progress, rounded as the reports print",
    run,
    {"scheme": "vsi", "month": "2020-05", "now": 5681, "last_month": 5446, "last_year": 2963},
    fields=("scheme", "month", "now", "last_month", "last_year", "population", "target"),
    date_field="month",
    render=render,
    law_dated=False,
)
