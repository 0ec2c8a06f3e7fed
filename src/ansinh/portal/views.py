"""The portals' pages. Citizens: my contributions month by month (unpaid months flagged), my HI card with its QR
code, my household's cards, my benefits and payments. Employers: the unit, its current employees, the C12 notice
of any month and the debt. Every page reads the signed-in user's own person or unit — never an id from the URL —
so nobody can reach another's data by changing a number. Thin: selectors of the areas, then render."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core import presentation
from ansinh.core.presentation import agency_name
from ansinh.portal import selectors
from ansinh.portal.access import HOME_OF, citizen_page, employer_page, is_portal_user
from ansinh.rules.periods import Month


def login_view(request: HttpRequest) -> HttpResponse:
    """Citizens sign in with their 12-digit personal identification number (or 10-digit SI number); employers'
    users with their user name. One answer for every failure: it never tells whether an account exists."""
    if is_portal_user(request.user):
        return redirect(HOME_OF[request.user.role])
    error = None
    identifier = ""
    if request.method == "POST":
        identifier = (request.POST.get("identifier") or "").strip()[:150]
        password = request.POST.get("password") or ""
        username = selectors.username_for(identifier)
        user = authenticate(request, username=username or f"portal:{identifier}", password=password)  # ":" is never in a user name
        if user is not None and is_portal_user(user):
            login(request, user)
            target = request.POST.get("next") or ""
            if not (target.startswith("/portal/") and url_has_allowed_host_and_scheme(target, None)):
                target = ""
            return redirect(target or HOME_OF[user.role])
        error = _("The identification number or the password is not right.")
    return render(
        request,
        "portal/login.html",
        {"error": error, "identifier": identifier, "next": request.GET.get("next", "")},
        status=401 if error else 200,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:login")


# --- citizens --------------------------------------------------------------------------------------------------


@citizen_page
def home(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    today = timezone.localdate()
    history = selectors.history(person)
    return render(
        request,
        "portal/home.html",
        {
            "person": person,
            "card": selectors.current_card(person, today),
            "history": history,
            "years": selectors.years_by_scheme(history),
            "unpaid": sum(p.unconfirmed_months for p in history.periods),
            "claims": selectors.claims(person)[:3],
            "next_payment": selectors.next_payment(person, today),
            "nav": "home",
        },
    )


@citizen_page
def contributions(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    history = selectors.history(person)
    return render(
        request,
        "portal/contributions.html",
        {"person": person, "history": history, "years": selectors.years_by_scheme(history), "nav": "contributions"},
    )


@citizen_page
def contributions_pdf(request: HttpRequest) -> HttpResponse:
    from ansinh.portal.pdf import contributions_pdf as build

    person = request.user.person
    history = selectors.history(person)
    response = HttpResponse(
        build(person, history, selectors.years_by_scheme(history), timezone.localdate()),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="qua-trinh-dong-{person.si_code or person.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _card_group_text(group: str) -> str:
    """The card's group code and who pays for it (HI Law Art 12's five categories), not a bare code."""
    from ansinh.rules.hi_card import category_of

    names = {1: _("paid by the employer and the employee"), 2: _("paid by the social insurance agency"),
             3: _("paid by the State budget"), 4: _("supported by the State budget"), 5: _("household")}
    name = names.get(category_of(group) or 0)
    return f"{group} · {name}" if name else group


def _benefit_text(level: int) -> str:
    """The benefit digit and what it pays (HI Law Art 22), not a bare digit."""
    from ansinh.rules.hi_card import BENEFIT_LEVELS

    found = BENEFIT_LEVELS.get(level)
    if found is None:
        return str(level)
    share = presentation.percent(found.share, 0)
    if level == 1:
        what = _("%(share)s, no ceiling on listed drugs, supplies and services") % {"share": share}
    elif level == 5:
        what = _("%(share)s, including costs outside the HI scope") % {"share": share}
    else:
        what = _("%(share)s within the HI scope") % {"share": share}
    return f"{level} · {what}"


@citizen_page
def card(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    today = timezone.localdate()
    current = selectors.current_card(person, today)
    return render(
        request,
        "portal/card.html",
        {
            "person": person,
            "card": current,
            "qr_svg": selectors.card_qr_svg(current, person) if current else "",
            "facility": selectors.facility_name(current.primary_care_code) if current else "",
            "group_text": _card_group_text(current.group) if current else "",
            "benefit_text": _benefit_text(current.benefit_level) if current else "",
            "household": selectors.household_cards(person, today),
            "print": request.GET.get("print") == "1",
            "nav": "card",
        },
    )


@citizen_page
def benefits(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    today = timezone.localdate()
    return render(
        request,
        "portal/benefits.html",
        {
            "person": person,
            "claims": selectors.claims(person),
            "entitlements": selectors.entitlements(person),
            "payments": selectors.payments(person)[:24],
            "next_payment": selectors.next_payment(person, today),
            "nav": "benefits",
        },
    )


# --- employers -------------------------------------------------------------------------------------------------


def _month(request: HttpRequest, default: Month) -> Month:
    raw = (request.GET.get("period") or "")[:7]
    try:
        month = Month.parse(raw) if raw else default
    except ValueError:
        return default
    return month if Month(1995, 1) <= month <= default + 1 else default


@employer_page
def unit_home(request: HttpRequest) -> HttpResponse:
    employer = request.user.employer
    last = Month.of(timezone.localdate()) - 1
    return render(
        request,
        "portal/unit_home.html",
        {
            "employer": employer,
            "employees": selectors.current_employees(employer).count(),
            "debt": selectors.unit_debt(employer),
            "notice": selectors.unit_notice(employer, last),
            "period": last,
            "nav": "unit",
        },
    )


@employer_page
def unit_employees(request: HttpRequest) -> HttpResponse:
    employer = request.user.employer
    q = (request.GET.get("q") or "").strip()[:100]
    rows = selectors.employee_rows(employer, q)
    return render(
        request,
        "portal/unit_employees.html",
        {"employer": employer, "rows": rows[:500], "count": len(rows), "q": q, "nav": "employees"},
    )


@employer_page
def unit_notice(request: HttpRequest) -> HttpResponse:
    from ansinh.portal.unit.services import can

    if not can(request.user, "money"):  # the unit's accountant and administrator see the money
        return render(request, "portal/unit/forbidden.html", {"nav": ""}, status=403)
    employer = request.user.employer
    period = _month(request, Month.of(timezone.localdate()) - 1)
    if request.GET.get("format") == "pdf":
        from ansinh.contributions.notice_pdf import notice_pdf

        pdf = notice_pdf(
            selectors.unit_notice(employer, period),
            employer_name=employer.name,
            unit_code=employer.unit_code,
            address=f"{employer.address_line}, {employer.address_commune.name}".strip(", "),
            agency=agency_name(employer.address_commune),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="C12-TS-{employer.unit_code}-{period}.pdf"'
        return response
    return render(
        request,
        "portal/unit_notice.html",
        {
            "employer": employer,
            "notice": selectors.unit_notice(employer, period),
            "period": period,
            "previous": period - 1,
            "next": period + 1 if period + 1 <= Month.of(timezone.localdate()) else None,
            "nav": "notice",
        },
    )
