"""Staff pages. Thin: parse, authorise, call a selector or service, render.

Search pages answer an htmx request with the results fragment only (template partial `#results`) and a plain
request with the whole page, so that they work without JavaScript and after a reload. A business refusal
(ApplicationError) becomes a 4xx page or fragment; objects outside the user's scope are 404 (the selectors
apply the scope and raise NotFound).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ansinh.accounts.scope import sees_person_history
from ansinh.core.errors import ApplicationError, NotFound
from ansinh.registry import selectors
from ansinh.registry.models import SalaryRecord
from ansinh.registry.services import employers as employer_services
from ansinh.registry.services import persons as person_services
from ansinh.rules.periods import Month
from ansinh.web.forms import (
    SECTORS,
    EmployerEditForm,
    EmployerNewForm,
    EmployerSearchForm,
    HouseholdSearchForm,
    PersonEditForm,
    PersonNewForm,
    PersonSearchForm,
    add_refusal,
)
from ansinh.web.history import describe, events_for
from ansinh.web.refusals import refusal_detail, refusal_text, refusal_title

PAGE_SIZE = 25
HISTORY_ON_DETAIL = 10
HISTORY_PAGE_SIZE = 50


def _fragment(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a history restore, which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def refusal(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    template = "web/refusal.html#refusal" if _fragment(request) else "web/refusal.html"
    context = {"title": refusal_title(exc), "message": refusal_text(exc), "detail": refusal_detail(exc),
               "code": exc.code}
    return render(request, template, context, status=exc.status)


def staff_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required; a business refusal becomes a clear 4xx page (or fragment for htmx)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ApplicationError as exc:
            return refusal(request, exc)

    return login_required(wrapper)


def _page(request: HttpRequest, qs: QuerySet[Any] | list[Any], size: int = PAGE_SIZE) -> Page:
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _search(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, f"{template}#results" if _fragment(request) else template, context)


# --- sign in, dashboard ---------------------------------------------------------------------------------------

class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


@staff_page
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; a new one is shown once, right after it is made."""
    from ansinh.accounts import services as account_services

    new_key = None
    status = 200
    if request.method == "POST":
        try:
            new_key = account_services.token_create(user=request.user, name=request.POST.get("name", ""),
                                                    source="web")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 422
    return render(request, "web/tokens.html", {
        "tokens": account_services.token_list(user=request.user), "new_key": new_key,
        "now": timezone.now(), "token_days": settings.ANSINH_TOKEN_DAYS,
    }, status=status)


@require_POST
@staff_page
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    from ansinh.accounts import services as account_services

    account_services.token_revoke(actor=request.user, token_id=token_id, source="web")
    messages.success(request, _("The token is revoked."))
    return redirect("web:tokens")


@staff_page
def dashboard(request: HttpRequest) -> HttpResponse:
    from ansinh.web.home import home_figures
    from ansinh.web.waiting import waiting_for

    return render(request, "web/dashboard.html", {
        "form": PersonSearchForm(user=request.user),
        "waiting": waiting_for(request.user),
        "home": home_figures(request.user),
    })


# --- persons --------------------------------------------------------------------------------------------------

@staff_page
@vary_on_headers("HX-Request")
def person_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form, "searched": False, "may_register": _may_register(request.user)}
    if form.is_valid() and form.has_filter():
        data = form.cleaned_data
        query = selectors.PersonQuery(q=data["q"], birth_year=data["birth_year"], commune_id=data["commune"])
        context.update(
            searched=True,
            page=_page(request, selectors.person_search(user=request.user, query=query)),
            digits_hint=query.kind == "digits",
            export_url=reverse("web:person_export") + "?" + urlencode({k: v for k, v in request.GET.items() if v}),
        )
    return _search(request, "web/person_search.html", context)


PERSON_EXPORT_LIMIT = 100_000


@staff_page
def person_export(request: HttpRequest) -> HttpResponse:
    """The persons of a search as a CSV for people (column names and sexes in the page's language, dates of birth
    as the language writes them); the API's /api/v1/persons/export.csv is the one for software (codes)."""
    from django.utils.translation import gettext_lazy as _l

    from ansinh.core import presentation

    form = PersonSearchForm(request.GET or None, user=request.user)
    if not (form.is_valid() and form.has_filter()):
        return redirect("web:person_search")
    data = form.cleaned_data
    query = selectors.PersonQuery(q=data["q"], birth_year=data["birth_year"], commune_id=data["commune"])
    persons = selectors.person_search(user=request.user, query=query)[:PERSON_EXPORT_LIMIT]
    columns = [("citizen_id", _l("Personal ID number"), ""), ("si_code", _l("SI number"), ""),
               ("full_name", _l("Full name"), ""), ("birth", _l("Date of birth"), ""), ("sex", _l("Sex"), "sex"),
               ("ethnicity", _l("Ethnicity"), ""), ("commune_code", _l("Commune code"), ""),
               ("commune", _l("Commune"), ""), ("address", _l("Address"), ""), ("phone", _l("Phone"), "")]
    rows = ([p.citizen_id or "", p.si_code or "", p.full_name, p.birth_display, p.sex, p.ethnicity,
             p.address_commune.code, p.address_commune.name, p.address_line, p.phone]
            for p in persons.iterator(chunk_size=2000))
    return presentation.csv_response("persons.csv", columns, rows)


@staff_page
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id)
    events = list(events_for(person)[: HISTORY_ON_DETAIL + 1]) if sees_person_history(request.user) else []
    return render(request, "web/person_detail.html", {
        "person": person,
        "memberships": selectors.person_households(person, request.user),
        "employments": selectors.person_employments(person, request.user),
        "history": describe(events[:HISTORY_ON_DETAIL]),
        "history_more": len(events) > HISTORY_ON_DETAIL,
    })


@staff_page
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id)
    form = PersonEditForm(request.POST or None, user=request.user, person=person)
    return _edit(request, form, person_services.person_update, obj=person, obj_name="person",
                 detail="web:person_detail", template="web/person_edit.html")


def _edit(request: HttpRequest, form: Any, update: Callable[..., Any], *, obj: Any, obj_name: str, detail: str,
          template: str) -> HttpResponse:
    """The edit flow shared by persons and employers: validate the form, call the service with the reason,
    show a refusal next to its field, or go back to the detail page."""
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            changes = form.changes()
            if not changes:
                messages.info(request, _("Nothing was changed."))
                return redirect(detail, **{f"{obj_name}_id": obj.pk})
            try:
                update(actor=request.user, changes=changes, reason=form.cleaned_data["reason"], source="web",
                       **{obj_name: obj})
            except ApplicationError as exc:
                add_refusal(form, exc)
                status = exc.status
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(detail, **{f"{obj_name}_id": obj.pk})
    return render(request, template, {obj_name: obj, "form": form}, status=status)


# --- households -----------------------------------------------------------------------------------------------

@staff_page
@vary_on_headers("HX-Request")
def household_search(request: HttpRequest) -> HttpResponse:
    form = HouseholdSearchForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form, "searched": False, "may_register": _may_register(request.user)}
    if form.is_valid() and form.has_filter():
        qs = selectors.household_search(user=request.user, q=form.cleaned_data["q"], commune_id=form.cleaned_data["commune"])
        context.update(searched=True, page=_page(request, qs))
    return _search(request, "web/household_search.html", context)


@staff_page
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, household_id=household_id)
    members = selectors.household_members(household, current_only=False)
    events = list(events_for(household)[: HISTORY_ON_DETAIL + 1])
    return render(request, "web/household_detail.html", {
        "household": household,
        "members": [m for m in members if m.valid_to is None],
        "past_members": [m for m in members if m.valid_to is not None],
        "history": describe(events[:HISTORY_ON_DETAIL]),
        "history_more": len(events) > HISTORY_ON_DETAIL,
    })


# --- employers ------------------------------------------------------------------------------------------------

@staff_page
@vary_on_headers("HX-Request")
def employer_search(request: HttpRequest) -> HttpResponse:
    form = EmployerSearchForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form, "searched": False, "may_register": _may_register(request.user)}
    if form.is_valid() and form.has_filter():
        data = form.cleaned_data
        qs = selectors.employer_search(user=request.user, q=data["q"], commune_id=data["commune"], status=data["status"] or None)
        context.update(searched=True, page=_page(request, qs))
    return _search(request, "web/employer_search.html", context)


@staff_page
def employer_detail(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    employees = selectors.employer_employees(employer).prefetch_related(
        Prefetch("salaries", queryset=SalaryRecord.objects.order_by("-valid_from"), to_attr="salaries_latest_first")
    )
    events = list(events_for(employer)[: HISTORY_ON_DETAIL + 1])
    return render(request, "web/employer_detail.html", {
        "employer": employer,
        "sector_name": dict(SECTORS).get(employer.sector, ""),
        "last_month": str(Month.of(timezone.localdate()) - 1),
        "employees": _page(request, employees),
        "history": describe(events[:HISTORY_ON_DETAIL]),
        "history_more": len(events) > HISTORY_ON_DETAIL,
    })


@staff_page
def employer_edit(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    form = EmployerEditForm(request.POST or None, user=request.user, employer=employer)
    return _edit(request, form, employer_services.employer_update, obj=employer, obj_name="employer",
                 detail="web:employer_detail", template="web/employer_edit.html")


# --- change history -------------------------------------------------------------------------------------------

# object type → (scoped getter, its keyword, the detail page)
AUDITABLE: dict[str, tuple[Callable[..., Any], str, str]] = {
    "registry.person": (selectors.person_get, "person_id", "web:person_detail"),
    "registry.household": (selectors.household_get, "household_id", "web:household_detail"),
    "registry.employer": (selectors.employer_get, "employer_id", "web:employer_detail"),
}


@staff_page
def audit(request: HttpRequest, object_type: str, object_id: int) -> HttpResponse:
    known = AUDITABLE.get(object_type.lower())
    if known is None:
        raise NotFound(object_type, object_id)
    getter, keyword, detail = known
    obj = getter(user=request.user, **{keyword: object_id})
    if object_type.lower() == "person" and not sees_person_history(request.user):
        raise NotFound(object_type, object_id)
    page = _page(request, events_for(obj), HISTORY_PAGE_SIZE)
    return render(request, "web/audit.html", {
        "object": obj,
        "detail_url": reverse(detail, args=[obj.pk]),
        "page": page,
        "history": describe(list(page.object_list)),
    })


# --- registration at the desk -----------------------------------------------------------------------------------

def _may_register(user: Any) -> bool:
    from ansinh.accounts.models import Role

    roles = {Role.DESK_CLERK, Role.COLLECTION_OFFICER, Role.MANAGER, Role.ADMINISTRATOR}
    return bool(user.is_superuser or user.role in roles)


def _registration(request: HttpRequest, form: Any, *, kind: str) -> HttpResponse:
    """Register a new person or unit (audited by the service). A duplicate is not registered twice: the page links
    the one already registered (and offers it to the dossier being received). Coming from the receive form
    (`?procedure=`), the desk goes back to it with the new person or unit chosen."""
    from ansinh.core.errors import Conflict, Forbidden
    from ansinh.registry.models import Employer, Person

    if not _may_register(request.user):
        raise Forbidden("not_allowed", _("Your role does not register persons or units."))
    procedure = (request.GET.get("procedure") or request.POST.get("procedure") or "")[:40]
    status, existing = 200, None
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                if kind == "person":
                    obj = person_services.person_create(actor=request.user, source="web", data=person_services.PersonInput(
                        full_name=data["full_name"], birth_date=data["birth_date"], sex=data["sex"],
                        address_commune_id=data["address_commune_id"], birth_precision=data["birth_precision"],
                        citizen_id=data["citizen_id"], ethnicity=data["ethnicity"],
                        nationality=data["nationality"], address_line=data["address_line"], phone=data["phone"]))
                else:
                    obj = employer_services.employer_create(actor=request.user, source="web", data=employer_services.EmployerInput(
                        unit_code=data["unit_code"], name=data["name"], ownership_type=data["ownership_type"],
                        sector=data["sector"], address_commune_id=data["address_commune_id"],
                        start_date=data["start_date"], tax_code=data["tax_code"] or None,
                        address_line=data["address_line"], phone=data["phone"], email=data["email"]))
            except ApplicationError as exc:
                value = data.get(exc.field or "") or ""  # before add_refusal takes the field out of cleaned_data
                add_refusal(form, exc)
                status = exc.status
                if isinstance(exc, Conflict) and exc.field and value:
                    existing = _visible(request.user, Person if kind == "person" else Employer, exc.field,
                                        value if kind == "person" else str(value).upper())
            else:
                messages.success(request, _("Registered: %(name)s.") % {"name": str(obj.full_name if kind == "person"
                                                                                    else obj.name)})
                if procedure:
                    return redirect(f"{reverse('procedures:receive')}?{urlencode({'procedure': procedure, kind: obj.pk})}")
                return redirect(f"web:{kind}_detail", **{f"{kind}_id": obj.pk})
    return render(request, f"web/{kind}_new.html", {"form": form, "procedure": procedure, "existing": existing},
                  status=status)


def _visible(user: Any, model: Any, field: str, value: Any) -> Any:
    from ansinh.accounts.scope import employers_visible, persons_visible

    qs = persons_visible(user) if model.__name__ == "Person" else employers_visible(user)
    return qs.filter(**{field: value}).first()


@staff_page
def person_new(request: HttpRequest) -> HttpResponse:
    initial = {"citizen_id": request.GET.get("who", "")} if (request.GET.get("who") or "").isdigit() else {}
    form = PersonNewForm(request.POST or None, user=request.user, initial=initial)
    return _registration(request, form, kind="person")


@staff_page
def employer_new(request: HttpRequest) -> HttpResponse:
    form = EmployerNewForm(request.POST or None, user=request.user)
    return _registration(request, form, kind="employer")
