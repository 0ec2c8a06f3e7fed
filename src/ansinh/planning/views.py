"""Staff pages of the targets: the plans a user sees, one plan's targets by unit with its versions, the forms
to set and revise targets (managers and administrators covering the whole province), and the allocation of a
unit's target by hand among its offices or communes (managers and administrators covering that unit)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ansinh.core.errors import ApplicationError
from ansinh.core.presentation import refusal, register_refusals
from ansinh.planning import selectors
from ansinh.planning.access import may_edit
from ansinh.planning.forms import AllocationForm, PlanForm, share_field_name
from ansinh.planning.models import ADDITIVE, Method, Metric, Plan, SubTarget, Target
from ansinh.planning.refusals import refusal_text
from ansinh.planning.services.allocate import targets_allocate
from ansinh.planning.services.targets import PlanInput, plan_create, plan_revise, targets_of
from ansinh.reports.selectors import Scope

register_refusals({
    "bad_province": _lazy("Choose a province."),
    "bad_year": _lazy("The year is out of range."),
    "no_targets": _lazy("Give at least one target."),
    "bad_metric": _lazy("Unknown indicator."),
    "negative_target": _lazy("A target cannot be negative."),
    "whole_number": _lazy("Persons and VND are whole numbers."),
    "bad_rate": _lazy("A percentage cannot exceed 100."),
    "bad_method": _lazy("Unknown allocation method."),
    "bad_periodicity": _lazy("Unknown periodicity."),
    "reason_required": _lazy("Say why the targets are revised."),
    "bad_revision": _lazy("A revision keeps the province and the year."),
    "plan_exists": _lazy("This province already has targets for the year: revise them."),
    "no_communes": _lazy("The province has no communes in force to allocate to."),
}, area="planning")


def _provinces(scope: Scope) -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in scope.visible_units if u.kind == "province"]


def _may_edit(request: HttpRequest, province_id: int, scope: Scope) -> bool:
    return may_edit(request.user, "province", province_id, scope)


def _visible_plan(request: HttpRequest, plan_id: int, scope: Scope) -> Plan:
    plan = Plan.objects.select_related("province", "created_by").filter(pk=plan_id).first()
    if plan is None:
        raise Http404("plan not found")
    units = {(u.kind, u.id) for u in scope.visible_units}
    if not scope.everything and not any(k in units for k in _plan_units(plan)):
        raise Http404("plan not found")
    return plan


def _plan_units(plan: Plan) -> set[tuple[str, int]]:
    return {selectors.key_of(t) for t in Target.objects.filter(plan=plan).select_related("unit")}


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    scope = Scope(request.user)
    province_ids = {u.province_id for u in scope.visible_units}
    rows = selectors.plans_for_provinces(list(province_ids))
    can_create = any(_may_edit(request, pid, scope) for pid, _ in _provinces(scope))
    return render(
        request,
        "planning/plans.html",
        {"plans": rows, "can_create": can_create, "nav_active": "planning:plans"},
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    scope = Scope(request.user)
    plan = _visible_plan(request, plan_id, scope)
    visible = {(u.kind, u.id) for u in scope.visible_units}
    targets = Target.objects.filter(plan=plan).select_related("unit", "office").order_by("metric")
    by_unit: dict[tuple[str, int], dict[str, object]] = {}
    names: dict[tuple[str, int], tuple[int, str, str]] = {}
    order = {"province": 0, "office": 1, "commune": 2}
    for t in targets:
        key = selectors.key_of(t)
        if not scope.everything and key not in visible:
            continue
        by_unit.setdefault(key, {})[t.metric] = t.value
        obj = t.office or t.unit
        names[key] = (order[key[0]], obj.code, obj.name)  # type: ignore[union-attr]
    metrics = [m for m in Metric if any(m.value in v for v in by_unit.values())]
    rows = [
        (names[k], [by_unit[k].get(m.value) for m in metrics])
        for k in sorted(by_unit, key=lambda k: names[k])
    ]
    months = []
    if plan.periodicity != "none":
        months = list(
            SubTarget.objects.filter(target__plan=plan, target__unit_id=plan.province_id)
            .select_related("target")
            .order_by("target__metric", "period_start")
        )
    current = selectors.current_plan(plan.province_id, plan.year) == plan
    parents = _allocatable(request, plan, scope) if current else []
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "metrics": metrics,
            "rows": rows,
            "sub_targets": months,
            "versions": selectors.plan_versions(plan.province_id, plan.year),
            "can_edit": current and _may_edit(request, plan.province_id, scope),
            "allocate_parents": parents,
            "allocate_metrics": [m for m in metrics if m in ADDITIVE] if parents else [],
            "nav_active": "planning:plans",
        },
    )


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    scope = Scope(request.user)
    provinces = [(pid, name) for pid, name in _provinces(scope) if _may_edit(request, pid, scope)]
    if not provinces:
        raise Http404("no province to plan for")
    form = PlanForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        data = PlanInput(
            province_id=form.cleaned_data["province"],
            year=form.cleaned_data["year"],
            targets=form.targets(),
            method=form.cleaned_data["method"],
            periodicity=form.cleaned_data["periodicity"],
            decision=form.cleaned_data["decision"],
        )
        try:
            plan = plan_create(actor=request.user, data=data)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None,
                           refusal(exc.code, exc.message, area="planning")[0])
        else:
            messages.success(request, _("Targets saved and allocated."))
            return redirect("planning:plan_detail", plan_id=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "nav_active": "planning:plans"})


@login_required
def plan_revise_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    scope = Scope(request.user)
    plan = _visible_plan(request, plan_id, scope)
    if not _may_edit(request, plan.province_id, scope):
        raise Http404("plan not found")
    provinces = [(plan.province_id, plan.province.name)]
    initial = {
        "province": plan.province_id,
        "year": plan.year,
        "method": plan.method if plan.method != "manual" else "population",
        "periodicity": plan.periodicity,
        "decision": plan.decision,
        **{f"t_{m}": v for m, v in targets_of(plan).items()},
    }
    form = PlanForm(request.POST or None, provinces=provinces, revising=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = PlanInput(
            province_id=plan.province_id,
            year=plan.year,
            targets=form.targets(),
            method=form.cleaned_data["method"],
            periodicity=form.cleaned_data["periodicity"],
            decision=form.cleaned_data["decision"],
        )
        try:
            new = plan_revise(actor=request.user, plan=plan, data=data, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None,
                           refusal(exc.code, exc.message, area="planning")[0])
        else:
            messages.success(request, _("A new version of the targets was saved; the earlier one is kept."))
            return redirect("planning:plan_detail", plan_id=new.pk)
    return render(
        request, "planning/plan_form.html", {"form": form, "plan": plan, "nav_active": "planning:plans"}
    )


# --- allocation by hand -----------------------------------------------------------------------------------------


def _allocatable(request: HttpRequest, plan: Plan, scope: Scope) -> list[tuple[str, str]]:
    """("kind:id", name) of the units whose target the user may split by hand: the province and/or offices."""
    return [
        (f"{kind}:{pk}", name)
        for (kind, pk), name in selectors.allocation_parents(plan)
        if may_edit(request.user, kind, pk, scope)
    ]


def _allocation_for(
    request: HttpRequest, plan_id: int, metric: str, parent_text: str
) -> selectors.Allocation:
    """The allocation the user asks for, or "not found": a plan, parent unit or metric outside their scope."""
    scope = Scope(request.user)
    plan = _visible_plan(request, plan_id, scope)
    try:
        parent = selectors.parse_unit(parent_text)
    except ApplicationError:
        raise Http404("unit not found") from None
    if parent[0] not in ("province", "office") or not may_edit(request.user, parent[0], parent[1], scope):
        raise Http404("unit not found")
    try:
        return selectors.allocation(plan, metric, parent)
    except ApplicationError:
        raise Http404("no such allocation") from None


def _sum_context(frame: selectors.Allocation, data: dict[str, object]) -> dict[str, object]:
    """The running sum of the shares typed so far against the parent's target (blank or unreadable inputs
    count as 0 and are reported as such)."""
    total, unreadable = 0, 0
    for child in frame.children:
        raw = str(data.get(share_field_name(child.key)) or "").strip().replace(" ", "")
        if not raw:
            unreadable += 1
            continue
        try:
            total += int(raw)
        except ValueError:
            unreadable += 1
    return {
        "sum": total,
        "target": frame.total,
        "difference": frame.total - total,
        "short": frame.total - total,
        "excess": total - frame.total,
        "unreadable": unreadable,
    }


@login_required
def plan_allocate(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET: the form, pre-filled with the current shares (or a proportional proposal with ?propose=); POST: a new
    version with the shares given, or the form again with the refusal next to the unit at fault."""
    source = request.POST if request.method == "POST" else request.GET
    metric, parent = source.get("metric", ""), source.get("parent", "")
    frame = _allocation_for(request, plan_id, metric, parent)
    plan = frame.plan
    if selectors.current_plan(plan.province_id, plan.year) != plan and request.method != "POST":
        latest = selectors.current_plan(plan.province_id, plan.year)
        return redirect(
            reverse("planning:plan_allocate", args=[latest.pk])
            + "?"  # type: ignore[union-attr]
            + urlencode({"metric": metric, "parent": parent})
        )
    status, proposal_error = 200, ""
    initial = frame.initial()
    propose = request.GET.get("propose", "")
    if request.method != "POST" and propose in (Method.POPULATION, Method.LAST_YEAR):
        try:
            initial = frame.proposal(propose)
        except ApplicationError as exc:
            proposal_error = refusal_text(exc)
    form = AllocationForm(
        request.POST or None,
        children=frame.children,
        initial_shares=initial,
        initial={"metric": metric, "parent": parent},
    )
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                new = targets_allocate(
                    actor=request.user,
                    plan=plan,
                    metric=metric,
                    parent=frame.parent,
                    shares=form.shares(),
                    reason=form.cleaned_data["reason"],
                    source="web",
                )
            except ApplicationError as exc:
                field = (
                    share_field_name(selectors.parse_unit(exc.field))
                    if exc.field and ":" in exc.field
                    else None
                )
                form.add_error(field if field in form.fields else None, refusal_text(exc))
                status = exc.status
            else:
                messages.success(
                    request,
                    _("The allocation was saved as version %(version)s; the earlier version is kept.")
                    % {"version": new.version},
                )
                return redirect("planning:plan_detail", plan_id=new.pk)
    data = form.data if form.is_bound else {share_field_name(k): v for k, v in initial.items()}
    context = {
        "plan": plan,
        "frame": frame,
        "form": form,
        "metric_label": Metric(metric).label,
        "proposal_error": proposal_error,
        "nav_active": "planning:plans",
        **_sum_context(frame, data),
        "propose_query": urlencode({"metric": metric, "parent": parent}),
    }
    template = "planning/plan_allocate.html"
    if request.htmx and request.method == "GET":  # type: ignore[attr-defined]
        template += "#allocation"
    return render(request, template, context, status=status)


@login_required
@require_POST
def plan_allocate_sum(request: HttpRequest, plan_id: int) -> HttpResponse:
    """htmx: the running sum of the shares in the form against the parent's target."""
    frame = _allocation_for(request, plan_id, request.POST.get("metric", ""), request.POST.get("parent", ""))
    return render(
        request, "planning/plan_allocate.html#sum", {"frame": frame, **_sum_context(frame, request.POST)}
    )
