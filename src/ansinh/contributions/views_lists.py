"""Staff pages of the collection lists: declarations received, bank lines waiting for an officer, an employer's
account (due, paid and owed by month; its payments). Thin: parse, read through the scoped selectors, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ansinh.contributions import lists
from ansinh.contributions.models import BankStatementLine, Declaration
from ansinh.core.errors import NotFound
from ansinh.registry.selectors import employer_get

PAGE_SIZE = 50
NAV = "contributions:debts"


@login_required
def declaration_list(request: HttpRequest) -> HttpResponse:
    status, q = request.GET.get("status", ""), request.GET.get("q", "").strip()
    if status not in ("", *Declaration.Status.values):
        status = ""
    page = Paginator(lists.declaration_list(request.user, status=status, q=q), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "contributions/declaration_list.html", {
        "page": page, "status": status, "q": q, "statuses": Declaration.Status.choices, "nav_active": NAV})


@login_required
def bank_lines(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or request.user.role in ("collection_officer", "manager", "administrator")):
        raise Http404("not for this role")
    status = request.GET.get("status", BankStatementLine.Status.UNMATCHED)
    if status not in ("", *BankStatementLine.Status.values):
        status = BankStatementLine.Status.UNMATCHED
    page = Paginator(lists.bank_lines(status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contributions/bank_lines.html", {
        "page": page, "status": status, "statuses": BankStatementLine.Status.choices, "nav_active": NAV})


@login_required
def employer_account(request: HttpRequest, employer_id: int) -> HttpResponse:
    try:
        employer = employer_get(user=request.user, employer_id=employer_id)
    except NotFound:
        raise Http404("employer not found") from None
    last = lists.last_closed_month(timezone.localdate())
    account = lists.employer_account(employer.pk, last)
    return render(request, "contributions/employer_account.html", {
        "employer": employer, "account": account, "last": last, "nav_active": "web:employer_search"})
