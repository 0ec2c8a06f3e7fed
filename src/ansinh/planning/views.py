"""Staff pages of the targets: the plans a user sees, one plan's targets by unit with its versions, and the forms
to set and revise targets (managers and administrators covering the whole province)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.core.errors import ApplicationError
from ansinh.planning import selectors
from ansinh.planning.forms import PlanForm
from ansinh.planning.models import Metric, Plan, SubTarget, Target
from ansinh.planning.services.targets import PlanInput, plan_create, plan_revise, targets_of
from ansinh.reports.selectors import Scope


def _provinces(scope: Scope) -> list[tuple[int, str]]:
    return [(u.id, u.name) for u in scope.visible_units if u.kind == "province"]


def _may_edit(request: HttpRequest, province_id: int, scope: Scope) -> bool:
    user = request.user
    role_ok = user.is_superuser or getattr(user, "role", "") in (Role.MANAGER, Role.ADMINISTRATOR)
    return bool(role_ok and scope.can_see("province", province_id))


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
    return render(request, "planning/plans.html", {"plans": rows, "can_create": can_create,
                                                   "nav_active": "planning:plans"})


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
    rows = [(names[k], [by_unit[k].get(m.value) for m in metrics]) for k in sorted(by_unit, key=lambda k: names[k])]
    months = []
    if plan.periodicity != "none":
        months = list(SubTarget.objects.filter(target__plan=plan, target__unit_id=plan.province_id)
                      .select_related("target").order_by("target__metric", "period_start"))
    return render(request, "planning/plan_detail.html", {
        "plan": plan, "metrics": metrics, "rows": rows, "sub_targets": months,
        "versions": selectors.plan_versions(plan.province_id, plan.year),
        "can_edit": _may_edit(request, plan.province_id, scope)
        and selectors.current_plan(plan.province_id, plan.year) == plan,
        "nav_active": "planning:plans"})


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    scope = Scope(request.user)
    provinces = [(pid, name) for pid, name in _provinces(scope) if _may_edit(request, pid, scope)]
    if not provinces:
        raise Http404("no province to plan for")
    form = PlanForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        data = PlanInput(province_id=form.cleaned_data["province"], year=form.cleaned_data["year"],
                         targets=form.targets(), method=form.cleaned_data["method"],
                         periodicity=form.cleaned_data["periodicity"], decision=form.cleaned_data["decision"])
        try:
            plan = plan_create(actor=request.user, data=data)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
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
    initial = {"province": plan.province_id, "year": plan.year, "method": plan.method if plan.method != "manual"
               else "population", "periodicity": plan.periodicity, "decision": plan.decision,
               **{f"t_{m}": v for m, v in targets_of(plan).items()}}
    form = PlanForm(request.POST or None, provinces=provinces, revising=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = PlanInput(province_id=plan.province_id, year=plan.year, targets=form.targets(),
                         method=form.cleaned_data["method"], periodicity=form.cleaned_data["periodicity"],
                         decision=form.cleaned_data["decision"])
        try:
            new = plan_revise(actor=request.user, plan=plan, data=data, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("A new version of the targets was saved; the earlier one is kept."))
            return redirect("planning:plan_detail", plan_id=new.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": plan, "nav_active": "planning:plans"})
