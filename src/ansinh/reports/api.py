"""REST API of the reports: statistics by unit, scheme and month; targets; report downloads. Scoped like the pages:
a unit outside the user's localities is "not found". Mounted at /api/v1/reports."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from ansinh.core.errors import InvalidInput, NotFound
from ansinh.planning import selectors as plan_selectors
from ansinh.planning.models import Target
from ansinh.reports import selectors, steering
from ansinh.reports.models import MonthlySummary
from ansinh.reports.selectors import SCHEMES, Scope, UnitRef
from ansinh.rules.periods import Month

router = Router()

PRINCIPAL = "Contributions owed at the end of the month (VND): principal, positive balances per payer and scheme."
INTEREST = "Late-payment interest owed at the end of the month (VND), positive balances per payer and scheme."
TOTAL = "Debt as reported: principal + late-payment interest (VND)."


class UnitOut(Schema):
    kind: str
    id: int
    code: str
    name: str


class SchemeOut(Schema):
    scheme: str
    participants: int
    previous_month: int | None
    same_month_last_year: int | None
    change_on_month: int | None
    change_on_month_pct: Decimal | None
    change_on_year: int | None
    change_on_year_pct: Decimal | None
    new: int
    leavers: int
    cards_issued: int
    collection: int
    collection_ytd: int
    debt: int = Field(description=PRINCIPAL)
    debt_interest: int = Field(description=INTEREST)
    debt_total: int = Field(description=TOTAL)
    target: Decimal | None
    progress_pct: Decimal | None
    assumed: int


class FiguresOut(Schema):
    unit: UnitOut
    period: str
    has_data: bool
    population: int | None
    hi_coverage_pct: Decimal | None
    collection: int
    collection_ytd: int
    revenue_target: Decimal | None
    revenue_progress_pct: Decimal | None
    debt: int = Field(description=PRINCIPAL)
    debt_interest: int = Field(description=INTEREST)
    debt_total: int = Field(description=TOTAL)
    debt_share_of_revenue_plan_pct: Decimal | None = Field(
        description="debt_total ÷ the annual revenue target × 100, one decimal, half up; null without a target")
    schemes: list[SchemeOut]
    sentences_vi: list[str]


class RowOut(Schema):
    period: dt.date
    unit_kind: str
    unit_id: int
    scheme: str
    group: str
    participants: int
    new: int
    leavers: int
    cards_issued: int
    collection: int
    debt: int = Field(description=PRINCIPAL)
    debt_interest: int = Field(description=INTEREST)
    population: int | None
    assumed: int


class TargetOut(Schema):
    metric: str
    unit_kind: str
    unit_id: int
    unit_name: str
    value: Decimal


class PlanOut(Schema):
    id: int
    province_id: int
    year: int
    version: int
    method: str
    periodicity: str
    decision: str
    targets: list[TargetOut]


class StatsQuery(Schema):
    unit: str
    period: str | None = None


class RowsQuery(Schema):
    unit: str
    scheme: str | None = None
    group: str | None = None
    period_from: str | None = None
    period_to: str | None = None


def _month(text: str | None, field: str) -> Month | None:
    if not text:
        return None
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise InvalidInput("bad_period", str(exc), field=field) from None


def _unit(request: HttpRequest, key: str, scope: Scope) -> UnitRef:
    kind, pk = selectors.parse_unit_key(key)
    return selectors.unit_visible(request.user, kind, pk, scope)


def _period(text: str | None) -> Month:
    period = _month(text, "period") or selectors.latest_period()
    if period is None:
        raise NotFound("statistics", "any month")
    return period


@router.get("/units", response=list[UnitOut], summary="Today's units the user sees (province, offices, communes)")
def units(request: HttpRequest) -> list[UnitOut]:
    return [UnitOut(kind=u.kind, id=u.id, code=u.code, name=u.name) for u in Scope(request.user).visible_units]


@router.get("/figures", response=FiguresOut, summary="A unit's figures for a month, with changes and shares")
def figures(request: HttpRequest, q: Query[StatsQuery]) -> FiguresOut:
    scope = Scope(request.user)
    unit = _unit(request, q.unit, scope)
    period = _period(q.period)
    f = selectors.figures([unit], period)[0]
    schemes = []
    for code in SCHEMES:
        s = f.schemes[code]
        mc, yc = s.month_change, s.year_change
        schemes.append(SchemeOut(
            scheme=code, participants=s.participants, previous_month=s.previous, same_month_last_year=s.last_year,
            change_on_month=mc.diff if mc else None, change_on_month_pct=mc.pct if mc else None,
            change_on_year=yc.diff if yc else None, change_on_year_pct=yc.pct if yc else None, new=s.new,
            leavers=s.leavers, cards_issued=s.cards_issued, collection=s.collection, collection_ytd=s.collection_ytd,
            debt=s.debt, debt_interest=s.debt_interest, debt_total=s.debt_total, target=s.target,
            progress_pct=s.progress, assumed=s.assumed))
    return FiguresOut(
        unit=UnitOut(kind=unit.kind, id=unit.id, code=unit.code, name=unit.name), period=str(period),
        has_data=f.has_data, population=f.population, hi_coverage_pct=f.coverage, collection=f.collection,
        collection_ytd=f.collection_ytd, revenue_target=f.revenue_target, revenue_progress_pct=f.revenue_progress,
        debt=f.debt, debt_interest=f.debt_interest, debt_total=f.debt_total,
        debt_share_of_revenue_plan_pct=f.debt_share, schemes=schemes,
        sentences_vi=steering.SteeringReport(unit, period, f).sentences("vi"))


@router.get("/statistics", response=list[RowOut], summary="Monthly summary rows of a unit (by scheme and group)")
def statistics(request: HttpRequest, q: Query[RowsQuery]) -> list[RowOut]:
    scope = Scope(request.user)
    unit = _unit(request, q.unit, scope)
    qs = MonthlySummary.objects.filter(unit_kind=unit.kind, unit_id=unit.id)
    if q.scheme:
        qs = qs.filter(scheme=q.scheme)
    if q.group is not None:
        qs = qs.filter(group=q.group)
    first, last = _month(q.period_from, "period_from"), _month(q.period_to, "period_to")
    if first:
        qs = qs.filter(period__gte=first.first_day)
    if last:
        qs = qs.filter(period__lte=last.first_day)
    return [RowOut(**row) for row in qs.order_by("period", "scheme", "group").values(
        "period", "unit_kind", "unit_id", "scheme", "group", "participants", "new", "leavers", "cards_issued",
        "collection", "debt", "debt_interest", "population", "assumed")[:5000]]


@router.get("/targets", response=PlanOut, summary="The plan in force for a province and year, for the units seen")
def targets(request: HttpRequest, province_id: int, year: int) -> PlanOut:
    scope = Scope(request.user)
    visible = {(u.kind, u.id) for u in scope.visible_units}
    plan = plan_selectors.current_plan(province_id, year)
    if plan is None or not (scope.everything or any(u.province_id == province_id for u in scope.visible_units)):
        raise NotFound("plan", f"{province_id}/{year}")
    rows = []
    for t in Target.objects.filter(plan=plan).select_related("unit", "office").order_by("metric", "id"):
        key = plan_selectors.key_of(t)
        if scope.everything or key in visible:
            obj = t.office or t.unit
            rows.append(TargetOut(metric=t.metric, unit_kind=key[0], unit_id=key[1], unit_name=obj.name,
                                  value=t.value))
    return PlanOut(id=plan.pk, province_id=plan.province_id, year=plan.year, version=plan.version,
                   method=plan.method, periodicity=plan.periodicity, decision=plan.decision, targets=rows)


@router.get("/steering.pdf", summary="The steering-committee report (PDF, Vietnamese)")
def steering_pdf(request: HttpRequest, q: Query[StatsQuery]) -> HttpResponse:
    scope = Scope(request.user)
    unit = _unit(request, q.unit, scope)
    period = _period(q.period)
    response = HttpResponse(steering.render_pdf(steering.build_report(unit, period, scope)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.code}-{period}.pdf"'
    return response


@router.get("/steering.xlsx", summary="The steering-committee report (XLSX)")
def steering_xlsx(request: HttpRequest, q: Query[StatsQuery]) -> HttpResponse:
    scope = Scope(request.user)
    unit = _unit(request, q.unit, scope)
    period = _period(q.period)
    response = HttpResponse(steering.render_xlsx(steering.build_report(unit, period, scope)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.code}-{period}.xlsx"'
    return response
