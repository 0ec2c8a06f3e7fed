"""Do it online: the request forms, the receipt and "my dossiers" (see citizen/online.py). Every dossier is read
through procedures.selectors.dossiers_visible, which gives a citizen only their own."""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.contributions.models import PaymentReference
from ansinh.contributions.services import references
from ansinh.core.errors import ApplicationError
from ansinh.portal.access import citizen_page
from ansinh.portal.citizen import online
from ansinh.procedures.models import Status
from ansinh.procedures.selectors import dossiers_visible
from ansinh.rules import procedures as catalogue
from ansinh.rules.periods import Month

TITLES = {
    "voluntary-si": gettext_lazy("Register for voluntary social insurance"),
    "household-hi": gettext_lazy("Renew household health insurance"),
    "benefit-one-time": gettext_lazy("Request one-time social insurance"),
    "change-info": gettext_lazy("Change my personal information"),
    "payment-change": gettext_lazy("Change how my pension or allowance is paid"),
}
FIELD_LABELS = {
    "request.income": gettext_lazy("Monthly income"),
    "request.mode": gettext_lazy("How often you pay"),
    "request.months": gettext_lazy("Months"),
    "request.start_month": gettext_lazy("First month"),
    "request.members": gettext_lazy("Members"),
    "request.payment_method": gettext_lazy("Payment method"),
    "request.method": gettext_lazy("Payment method"),
    "request.bank_account": gettext_lazy("Bank account number"),
    "request.bank_code": gettext_lazy("Bank"),
    "request.reason": gettext_lazy("Reason"),
    "request.changes": gettext_lazy("Information to change"),
    "request.changes.full_name": gettext_lazy("Full name"),
    "request.changes.birth_date": gettext_lazy("Birth date"),
    "request.changes.phone": gettext_lazy("Phone number"),
    "request.changes.email": gettext_lazy("E-mail"),
    "request.changes.address_line": gettext_lazy("Address (house, street)"),
    "files": gettext_lazy("Scans"),
}
MESSAGES = {
    "required": gettext_lazy("This is required."),
    "not_a_number": gettext_lazy("Enter a whole number."),
    "bad_month": gettext_lazy("Enter a month as YYYY-MM."),
    "month_out_of_range": gettext_lazy("Choose a month from this month to twelve months ahead."),
    "bad_choice": gettext_lazy("Choose one of the options."),
    "bad_months": gettext_lazy("This number of months is not allowed for this choice."),
    "no_household": gettext_lazy("You are not a member of a registered household."),
    "bad_account": gettext_lazy("An account number has 6 to 20 digits."),
    "bad_date": gettext_lazy("Enter a valid date."),
    "bad_phone": gettext_lazy("A phone number has 10 digits, starting with 0."),
    "bad_email": gettext_lazy("This is not an e-mail address."),
    "bad_name": gettext_lazy("The name is too short."),
    "no_change": gettext_lazy("Change at least one item."),
    "bad_file_type": gettext_lazy("Only PDF, JPEG or PNG scans are accepted."),
    "file_too_large": gettext_lazy("A scan is too large."),
    "too_many_files": gettext_lazy("Too many files."),
    "already_covered": gettext_lazy("You are already covered for some of these months."),
}


def refusal(exc: ApplicationError) -> str:
    label = FIELD_LABELS.get(exc.field or "", "")
    if exc.code in ("income_out_of_range", "out_of_range") and isinstance(exc.details, dict):
        from ansinh.core.presentation import money

        text = _("Choose an income between %(low)s and %(high)s.") % {
            "low": money(exc.details["low"]), "high": money(exc.details["high"])}
    else:
        text = str(MESSAGES.get(exc.code, exc.message))
    return f"{label}: {text}" if label else text


def _procedure_name(code: str) -> str:
    try:
        return catalogue.procedure(code, timezone.localdate()).name(get_language() or "vi")
    except Exception:
        return code


@citizen_page
def requests_home(request: HttpRequest) -> HttpResponse:
    dossiers = list(dossiers_visible(request.user).order_by("-received_at", "-id")[:50])
    refs = {r.dossier_id: r for r in PaymentReference.objects.filter(dossier__in=dossiers).order_by("created_at")}
    rows = [{"dossier": d, "name": _procedure_name(d.procedure_code), "ref": refs.get(d.pk)} for d in dossiers]
    return render(request, "portal/citizen/requests.html",
                  {"forms": [(k, TITLES[k]) for k in online.KINDS], "rows": rows, "nav": "requests"})


@citizen_page
def request_form(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in online.KINDS:
        raise Http404("no such request")
    person = request.user.person
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else request.GET
    checked = error = field = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "submit":
                files = tuple(_uploads(request))
                dossier, _ref = online.online_submit(user=request.user, kind=kind, data=request.POST, files=files)
                return redirect("portal:dossier", pk=dossier.pk)
            checked = online.check(kind, request.POST, person, today)
        except ApplicationError as exc:
            error, field = refusal(exc), exc.field
    household, members = online.household_members(person, (Month.of(today) + 1).first_day)
    chosen = set(data.getlist("members")) if data else set()
    start = Month.of(today) + 1
    low, high = online.income_range(start)
    return render(request, "portal/citizen/request_form.html", {
        "kind": kind, "title": TITLES[kind], "person": person, "checked": checked, "error": error,
        "field": field, "data": data, "members": members, "household": household,
        "chosen": chosen or {str(m.person_id) for m in members}, "low": low, "high": high, "start": start,
        "months": [str(start + i) for i in range(0, 13)], "nav": "requests",
    }, status=422 if error else 200)


def _uploads(request: HttpRequest) -> list:
    from ansinh.procedures.services.dossiers import Upload

    return [Upload(name=f.name, content_type=f.content_type or "", content=f.read(), document_code="proof")
            for f in request.FILES.getlist("files")[:5]]


_STAFF_ONLY = re.compile(r"\s*\([^()]*(?:CHƯA KIỂM CHỨNG|UNVERIFIED)[^()]*\)", re.IGNORECASE)


def _step_note(note: str) -> str:
    """A decision's note without the outcome code the staff service writes before it ("granted: …"), and without
    the rules' verification remarks meant for staff ("(…, CHƯA KIỂM CHỨNG)")."""
    note = _STAFF_ONLY.sub("", note)
    for code in ("granted", "refused"):
        if note.startswith(code):
            return note[len(code):].lstrip(": ")
    return note


@citizen_page
def dossier_page(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = dossiers_visible(request.user).filter(pk=pk).select_related("office").first()
    if dossier is None:
        raise Http404("no such dossier")
    ref = PaymentReference.objects.filter(dossier=dossier).order_by("-created_at").first()
    labels = dict(Status.choices)
    return render(request, "portal/citizen/dossier.html", {
        "dossier": dossier, "name": _procedure_name(dossier.procedure_code),
        "steps": [(st, labels.get(st.to_status, st.to_status), _step_note(st.note)) for st in dossier.steps.all()],
        "ref": ref,
        "ref_grouped": references.grouped(ref.code) if ref else "",
        "ref_qr": references.qr_svg(ref) if ref and ref.status == PaymentReference.Status.OPEN else "",
        "ref_expired": bool(ref and ref.status == PaymentReference.Status.OPEN
                            and ref.valid_until < timezone.localdate()),
        "nav": "requests",
    })


@citizen_page
@require_POST
def renew_reference(request: HttpRequest, pk: int) -> HttpResponse:
    """A new payment code for the dossier's expired one."""
    dossier = dossiers_visible(request.user).filter(pk=pk).first()
    ref = PaymentReference.objects.filter(dossier=dossier, status=PaymentReference.Status.OPEN).first() \
        if dossier is not None else None
    if ref is None:
        raise Http404("no payment code to renew")
    references.payment_reference_renew(actor=request.user, ref=ref, source="portal")
    return redirect("portal:dossier", pk=pk)
