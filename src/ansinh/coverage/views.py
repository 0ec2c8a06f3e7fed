"""Staff page fragments of coverage. Thin: parse, authorise (scope through the registry selector), call the
selectors, render.

/coverage/persons/<id>/?month=YYYY-MM answers an htmx request with the fragment `coverage/_person_coverage.html`
(the month's schemes and whether each is paid, the HI card, the contribution history) and a plain request with a
whole page around it, so that it also works without JavaScript and after a reload. The person detail page loads it
with `<div hx-get="{% url 'coverage:person_coverage' person.pk %}" hx-trigger="load" hx-swap="outerHTML"></div>`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from ansinh.core.errors import NotFound
from ansinh.coverage import selectors
from ansinh.coverage.models import HICard, Payer, Scheme
from ansinh.registry.selectors import person_get
from ansinh.rules import hi_card
from ansinh.rules.periods import Month


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@login_required
@vary_on_headers("HX-Request")
def person_coverage(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        person = person_get(user=request.user, person_id=person_id)
    except NotFound:
        raise Http404 from None
    status, month_error = 200, False
    try:
        month = Month.parse(request.GET.get("month") or "")
    except ValueError:
        month = Month.of(timezone.localdate())
        if request.GET.get("month"):
            status, month_error = 422, True
    coverage = selectors.monthly_coverage(person, month)
    schemes = [{"row": s, "scheme_label": _label(Scheme, s.scheme), "payer_label": _label(Payer, s.payer)}
               for s in coverage.schemes]
    cards = selectors.person_cards(person, request.user)
    current = next((c for c in cards if c.status == HICard.Status.ISSUED), None)
    context = {
        "person": person, "month": month, "month_value": str(month), "month_error": month_error,
        "previous_month": str(month - 1), "next_month": str(month + 1), "coverage": coverage, "schemes": schemes,
        "card": current, "card_share": hi_card.BENEFIT_LEVELS[current.benefit_level].share if current else None,
        "earlier_cards": [c for c in cards if c is not current], "history": selectors.contribution_history(person, request.user),
    }
    htmx = getattr(request, "htmx", None)
    fragment = bool(htmx) and not htmx.history_restore_request
    template = "coverage/_person_coverage.html" if fragment else "coverage/person_coverage.html"
    return render(request, template, context, status=status)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The menu's "Coverage and HI cards": find a person (name, personal ID or SI number) and open their coverage
    and HI card; the cards issued this month in the user's localities."""
    from django.core.paginator import Paginator

    from ansinh.accounts.scope import person_related
    from ansinh.registry.selectors import PersonQuery, person_search

    q = request.GET.get("q", "").strip()
    page = None
    if len(q) >= 2:
        qs = person_search(user=request.user, query=PersonQuery(q=q)).select_related("address_commune")
        page = Paginator(qs, 25).get_page(request.GET.get("page"))
    month = Month.of(timezone.localdate())
    since = timezone.make_aware(dt.datetime.combine(month.first_day, dt.time.min))  # a range the index serves
    cards = (selectors.unit_cards(person_related(HICard.objects.filter(issued_at__gte=since),
                                                 request.user), request.user)
             .select_related("person").order_by("-issued_at", "-id"))
    return render(request, "coverage/home.html", {
        "q": q, "page": page, "recent_cards": cards[:20], "month": month, "nav_active": "coverage:home"})
