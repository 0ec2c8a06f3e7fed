"""The collection agent screen (/agent/): a post office or commune collection point, on a phone or a counter PC.
Find a participant or a household, take a voluntary SI or household HI payment (the amount from the calculators,
shown before it is taken), print the receipt, see the day's list and totals, remit to the agency (the household's HI
cards are then issued) and see the commission earned. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.agents import selectors, services
from ansinh.agents.access import agent_page, is_agent_user, staff_row
from ansinh.agents.refusals import MESSAGES, refusal_of
from ansinh.contributions.models import PaymentReference, Receipt
from ansinh.contributions.services.collection import ReceiptInput
from ansinh.core.errors import ApplicationError, InvalidInput, NotFound
from ansinh.core.presentation import agency_name, explain_steps
from ansinh.rules.contributions import household_hi, voluntary
from ansinh.rules.periods import Month

VSI_GROUPS = ("other", "poor", "near_poor", "ethnic_minority", "island")


def login_view(request: HttpRequest) -> HttpResponse:
    """Agent staff sign in with the user name and password the agency gave them. One answer for every failure."""
    if is_agent_user(request.user) and staff_row(request.user) is not None:
        return redirect("agents:home")
    error, username = None, ""
    if request.method == "POST":
        username = (request.POST.get("username") or "").strip()[:150]
        user = authenticate(request, username=username, password=request.POST.get("password") or "")
        if user is not None and is_agent_user(user) and staff_row(user) is not None:
            login(request, user)
            target = request.POST.get("next") or ""
            if not (target.startswith("/agent/") and url_has_allowed_host_and_scheme(target, None)):
                target = ""
            return redirect(target or "agents:home")
        error = _("The user name or the password is not right, or the account is not staff of a collection point in "
                  "force.")
    return render(request, "agents/login.html", {"error": error, "username": username,
                                                  "next": request.GET.get("next", "")}, status=401 if error else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("agents:login")


def _today() -> dt.date:
    return timezone.localdate()


def _refused(exc: ApplicationError) -> dict[str, Any]:
    text, detail = refusal_of(exc)
    return {"error": text, "error_detail": detail, "error_field": exc.field or ""}


@agent_page
def home(request: HttpRequest) -> HttpResponse:
    agent = request.agent  # type: ignore[attr-defined]
    q = (request.GET.get("q") or "").strip()[:120]
    found = selectors.find(agent, q) if q else None
    today = _today()
    ctx: dict[str, Any] = {"agent": agent, "q": q, "found": found, "nav": "home"}
    status = 200
    if "code" in request.GET:
        code = (request.GET.get("code") or "").strip()[:40]
        ctx["code"] = code
        try:
            ref = services.reference_for_agent(agent, code, today=today)
            return redirect(f"{_payer_url(ref)}?ref={ref.code}")
        except ApplicationError as exc:
            ctx.update(_refused(exc), renewable=exc.code == "reference_expired")
            status = exc.status
    ctx.update(summary=selectors.day_summary(agent, today), today=today,
               waiting=selectors.unremitted(agent, today).count())
    return render(request, "agents/home.html", ctx, status=status)


@agent_page
@require_POST
def code_renew(request: HttpRequest) -> HttpResponse:
    """An expired payment code: a new code for the same request (the payer told), then its payment page."""
    agent = request.agent  # type: ignore[attr-defined]
    code = (request.POST.get("code") or "").strip()[:40]
    try:
        ref = services.reference_renew(actor=request.user, agent=agent, code=code, today=_today())
    except ApplicationError as exc:
        return _back_to_find(request, exc, code=code)
    return redirect(f"{_payer_url(ref)}?ref={ref.code}&renewed=1")


def _payer_url(ref: PaymentReference) -> str:
    return (f"/agent/households/{ref.household_id}/" if ref.purpose == PaymentReference.Purpose.HI_HOUSEHOLD
            else f"/agent/persons/{ref.person_id}/")


def _reference(request: HttpRequest, agent: Any, today: dt.date, *, payer: str, payer_id: int) -> Any:
    """The payment code the page pays (?ref= or the form's), checked again for this agent; None without one.
    A code of another payer than the page's is 'not found'."""
    code = (request.POST.get("ref") or request.GET.get("ref") or "").strip()[:40]
    if not code:
        return None
    ref = services.reference_for_agent(agent, code, today=today, paid_by=(request.POST.get("number") or "").upper())
    if getattr(ref, payer) != payer_id:
        raise NotFound("reference", ref.code)
    return ref


def _digits(value: str, name: str) -> int:
    text = (value or "").replace(".", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        raise InvalidInput("required", f"{name} is required", field=name)
    if not text.isdigit() or len(text) > 15:
        raise InvalidInput("not_a_number", f"{name}: digits only, got {value!r}", field=name)
    return int(text)


def _month(value: str, name: str = "from_month") -> Month:
    try:
        return Month.parse((value or "").strip())
    except (ValueError, TypeError):
        raise InvalidInput("bad_month", f"{name} must be a month YYYY-MM", field=name) from None


def _int(value: str | None, name: str) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise InvalidInput("bad_months", f"{name}: a whole number", field=name) from None


def _back_to_find(request: HttpRequest, exc: ApplicationError, code: str | None = None) -> HttpResponse:
    """A payment code no longer payable when its page is opened or sent: the find page says why (field 'code');
    an expired one offers a new code."""
    agent = request.agent  # type: ignore[attr-defined]
    today = _today()
    ctx = {"agent": agent, "q": "", "found": None, "nav": "home", "summary": selectors.day_summary(agent, today),
           "today": today, "waiting": selectors.unremitted(agent, today).count(),
           "code": code if code is not None else (request.POST.get("ref") or request.GET.get("ref") or "")[:40],
           "renewable": exc.code == "reference_expired", **_refused(exc)}
    return render(request, "agents/home.html", ctx, status=exc.status)


@agent_page
def person_pay(request: HttpRequest, person_id: int) -> HttpResponse:
    """Voluntary SI: chosen income, mode (monthly, every 3/6/12 months, or months in advance), the State-support
    group; the calculator's amount is shown, then taken on confirmation."""
    agent = request.agent  # type: ignore[attr-defined]
    person = selectors.person_get(agent, person_id)
    today = _today()
    last = selectors.last_vsi_receipt(person)
    default_month = max(Month.of(today), Month.of(last.to_month) + 1) if last else Month.of(today)
    form = {"income": str(last.income) if last and last.income else "", "mode": "monthly", "months": "",
            "support_group": (last.support_group if last and last.support_group in VSI_GROUPS else "other"),
            "from_month": str(default_month)}
    ctx: dict[str, Any] = {"agent": agent, "person": person, "last": last, "groups": VSI_GROUPS,
                           "modes": (*voluntary.PERIODIC, "advance"), "nav": "home"}
    status = 200
    try:
        ref = _reference(request, agent, today, payer="person_id", payer_id=person.pk)
    except ApplicationError as exc:
        return _back_to_find(request, exc)
    if ref is not None:  # the code's figures, not the form's
        data = services.reference_input(ref, number=(request.POST.get("number") or
                                                     services.next_receipt_number(agent, today)), today=today)
        form.update(income=str(data.income), mode=data.mode, months=str(data.months or ""),
                    support_group=data.support_group, from_month=str(data.from_month))
        ctx.update(ref=ref, renewed=request.GET.get("renewed") == "1")
        try:
            if request.method == "POST" and request.POST.get("action") == "take":
                receipt, created = services.reference_take(actor=request.user, agent=agent, code=ref.code,
                                                           number=data.number, today=today)
                return redirect(f"/agent/receipts/{receipt.pk}/" + ("" if created else "?again=1"))
            quote = services.payment_quote(actor=request.user, agent=agent, data=data)
            ctx.update(quote=quote, number=data.number, last_month=data.from_month + (quote.months - 1),
                       covered=selectors.vsi_covered(person, data.from_month, data.from_month + (quote.months - 1)),
                       steps=explain_steps(quote.detail.get("steps", [])))
        except ApplicationError as exc:
            ctx.update(_refused(exc))
            status = exc.status
    elif request.method == "POST":
        form.update({k: (request.POST.get(k) or "").strip()[:40] for k in form})
        try:
            mode = form["mode"]
            data = ReceiptInput(
                number=(request.POST.get("number") or services.next_receipt_number(agent, today)),
                scheme=Receipt.Scheme.VSI, from_month=_month(form["from_month"]), taken_on=today,
                person_id=person.pk, income=_digits(form["income"], "income"), mode=mode,
                months=_int(form["months"], "months") if mode == "advance" else None,
                support_group=form["support_group"])
            if request.POST.get("action") == "take":
                receipt, created = services.payment_take(actor=request.user, agent=agent, data=data)
                return redirect(f"/agent/receipts/{receipt.pk}/" + ("" if created else "?again=1"))
            quote = services.payment_quote(actor=request.user, agent=agent, data=data)
            covered = selectors.vsi_covered(person, data.from_month, data.from_month + (quote.months - 1))
            ctx.update(quote=quote, number=data.number, covered=covered, last_month=data.from_month + (quote.months - 1),
                       steps=explain_steps(quote.detail.get("steps", [])))
        except ApplicationError as exc:
            ctx.update(_refused(exc))
            status = exc.status
    ctx["form"] = form
    return render(request, "agents/person_pay.html", ctx, status=status)


@agent_page
def household_pay(request: HttpRequest, household_id: int) -> HttpResponse:
    """Household HI: the members paid for, in rank order (1st 100 %, 2nd 70 %, 3rd 60 %, 4th 50 %, 5th and more
    40 % of the first's amount), 3, 6 or 12 months; members already covered by another payer are left out."""
    agent = request.agent  # type: ignore[attr-defined]
    household = selectors.household_get(agent, household_id)
    today = _today()
    paid_to = selectors.household_paid_to(household)
    default_month = max(Month.of(today), Month.of(paid_to) + 1) if paid_to else Month.of(today)
    form: dict[str, Any] = {"months": "12", "from_month": str(default_month)}
    ctx: dict[str, Any] = {"agent": agent, "household": household, "periods": household_hi.PERIODS, "nav": "home"}
    chosen: list[int] | None = None
    status = 200
    try:
        ref = _reference(request, agent, today, payer="household_id", payer_id=household.pk)
    except ApplicationError as exc:
        return _back_to_find(request, exc)
    if ref is not None:  # the code's figures (members in its rank order), not the form's
        data = services.reference_input(ref, number=(request.POST.get("number") or
                                                     services.next_receipt_number(agent, today)), today=today)
        chosen = list(data.member_ids)
        form.update(months=str(data.months), from_month=str(data.from_month))
        ctx.update(ref=ref, renewed=request.GET.get("renewed") == "1")
        try:
            if request.method == "POST" and request.POST.get("action") == "take":
                receipt, created = services.reference_take(actor=request.user, agent=agent, code=ref.code,
                                                           number=data.number, today=today)
                return redirect(f"/agent/receipts/{receipt.pk}/" + ("" if created else "?again=1"))
            quote = services.payment_quote(actor=request.user, agent=agent, data=data)
            ctx.update(quote=quote, number=data.number, last_month=data.from_month + (quote.months - 1),
                       ranked=list(zip(chosen, quote.detail.get("members", []), strict=False)),
                       steps=explain_steps(quote.detail.get("steps", [])))
        except ApplicationError as exc:
            ctx.update(_refused(exc))
            status = exc.status
    elif request.method == "POST":
        form.update({k: (request.POST.get(k) or "").strip()[:10] for k in form})
        try:
            chosen = [int(i) for i in request.POST.getlist("member") if i.isdigit()][:100]
            months = _int(form["months"], "months")
            first = _month(form["from_month"])
            data = ReceiptInput(
                number=(request.POST.get("number") or services.next_receipt_number(agent, today)),
                scheme=Receipt.Scheme.HI_HOUSEHOLD, from_month=first, taken_on=today, household_id=household.pk,
                member_ids=tuple(chosen), months=months)
            if request.POST.get("action") == "take":
                receipt, created = services.payment_take(actor=request.user, agent=agent, data=data)
                return redirect(f"/agent/receipts/{receipt.pk}/" + ("" if created else "?again=1"))
            quote = services.payment_quote(actor=request.user, agent=agent, data=data)
            ranks = quote.detail.get("members", [])
            ctx.update(quote=quote, number=data.number, last_month=first + (quote.months - 1),
                       ranked=list(zip(chosen, ranks, strict=False)), steps=explain_steps(quote.detail.get("steps", [])))
        except ApplicationError as exc:
            ctx.update(_refused(exc))
            status = exc.status
    try:
        first = _month(form["from_month"])
    except ApplicationError:
        first = default_month
    months_n = int(form["months"]) if str(form["months"]).isdigit() and int(form["months"]) in household_hi.PERIODS else 12
    members = selectors.household_members(household, first, first + (months_n - 1))
    if chosen is None:
        chosen = [m.person.pk for m in members if not m.covered_by]
    by_id = {m.person.pk: m for m in members}
    ctx.update(form=form, members=members, chosen=chosen, paid_to=paid_to,
               names={pk: by_id[pk].person.full_name for pk in chosen if pk in by_id})
    if "ranked" in ctx:
        ctx["ranked"] = [(ctx["names"].get(pk, pk), due) for pk, due in ctx["ranked"]]
    return render(request, "agents/household_pay.html", ctx, status=status)


@agent_page
def receipt(request: HttpRequest, receipt_id: int) -> HttpResponse:
    agent = request.agent  # type: ignore[attr-defined]
    row = selectors.receipt_get(agent, receipt_id)
    return render(request, "agents/receipt.html", {
        "agent": agent, "receipt": row, "members": selectors.receipt_members(row), "qr_svg": _qr_svg(row),
        "again": bool(request.GET.get("again")), "print": bool(request.GET.get("print")),
        "sent": request.GET.get("sent", ""), "deliveries": _deliveries(row),
        "refused": str(MESSAGES.get(request.GET.get("refused", ""), "")),
        "agency": agency_name(agent.commune), "nav": "day",
    })


def _deliveries(row: Receipt) -> list[Any]:
    """How the receipt was sent (the notification's deliveries), newest first; empty if not sent."""
    from ansinh.notify.models import Delivery

    return list(Delivery.objects.filter(message__dedupe_key=f"receipt:{row.number}").order_by("-id")[:5])


def _qr_svg(row: Receipt) -> str:
    import segno

    return segno.make(receipt_code(row), error="m").svg_inline(scale=3, border=2)


def receipt_code(row: Receipt) -> str:
    """What the receipt's QR code holds (and prints under it): the receipt number, the point code, the day, the
    amount paid — enough for the agency to find and check it."""
    return f"BLT|{row.number}|{row.agent.code}|{row.taken_on:%Y%m%d}|{row.payable}"


@agent_page
@require_POST
def receipt_send(request: HttpRequest, receipt_id: int) -> HttpResponse:
    agent = request.agent  # type: ignore[attr-defined]
    row = selectors.receipt_get(agent, receipt_id)
    try:
        _msg, sent = services.receipt_send(actor=request.user, agent=agent, receipt=row)
    except ApplicationError as exc:
        return redirect(f"/agent/receipts/{row.pk}/?refused={exc.code}")
    return redirect(f"/agent/receipts/{row.pk}/?sent={'1' if sent else 'again'}")


@agent_page
def receipt_pdf(request: HttpRequest, receipt_id: int) -> HttpResponse:
    from ansinh.agents.pdf import receipt_pdf as build

    agent = request.agent  # type: ignore[attr-defined]
    row = selectors.receipt_get(agent, receipt_id)
    response = HttpResponse(build(row, selectors.receipt_members(row), receipt_code(row)),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{row.number}.pdf"'
    return response


@agent_page
def day(request: HttpRequest) -> HttpResponse:
    agent = request.agent  # type: ignore[attr-defined]
    today = _today()
    try:
        chosen = dt.date.fromisoformat(request.GET.get("date") or "") if request.GET.get("date") else today
    except ValueError:
        chosen = today
    chosen = min(chosen, today)
    return render(request, "agents/day.html", {
        "agent": agent, "day": chosen, "today": today, "receipts": list(selectors.day_receipts(agent, chosen)[:500]),
        "summary": selectors.day_summary(agent, chosen), "previous": chosen - dt.timedelta(days=1),
        "next": chosen + dt.timedelta(days=1) if chosen < today else None, "nav": "day",
    })


@agent_page
def remit(request: HttpRequest) -> HttpResponse:
    """The receipts not yet remitted (through today) and their total; remitting marks them and posts the cash to
    the agency; the household HI cards paid for are then issued."""
    agent = request.agent  # type: ignore[attr-defined]
    today = _today()
    ctx: dict[str, Any] = {"agent": agent, "today": today, "nav": "remit"}
    status = 200
    if request.method == "POST":
        try:
            ids = [int(i) for i in request.POST.getlist("receipt") if i.isdigit()]
            amount = _digits(request.POST.get("amount") or "", "amount") if request.POST.get("amount") else None
            result = services.remit(actor=request.user, agent=agent, receipt_ids=ids, day=today, amount=amount)
            return redirect(f"/agent/remittances/{result.remittance.pk}/?cards={result.cards_issued}")
        except ApplicationError as exc:
            ctx.update(_refused(exc))
            status = exc.status
    waiting = list(selectors.unremitted(agent, today)[:1000])
    ctx.update(waiting=waiting, total=sum(r.payable for r in waiting), remittances=selectors.remittances(agent))
    return render(request, "agents/remit.html", ctx, status=status)


@agent_page
def remittance(request: HttpRequest, remittance_id: int) -> HttpResponse:
    agent = request.agent  # type: ignore[attr-defined]
    row = selectors.remittance_get(agent, remittance_id)
    receipts = list(row.receipts.select_related("person", "household").order_by("id"))
    households = [(r, selectors.receipt_members(r)) for r in receipts if r.scheme == Receipt.Scheme.HI_HOUSEHOLD]
    return render(request, "agents/remittance.html", {
        "agent": agent, "remittance": row, "receipts": receipts, "households": households, "nav": "remit",
    })


@agent_page
def commission(request: HttpRequest) -> HttpResponse:
    agent = request.agent  # type: ignore[attr-defined]
    months = selectors.commission(agent, months=6, today=_today())
    return render(request, "agents/commission.html", {"agent": agent, "months": months, "nav": "commission",
                                                      "rate_percent": agent.commission_rate * 100})
