"""The citizen's inbox: notices of the agency (unpaid contributions, card ending, dossier received / decided /
returned, benefit paid), newest first; opening the inbox marks nothing — "mark as read" and opening one do."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ansinh.portal.access import citizen_page


def _notify():  # type: ignore[no-untyped-def]
    from ansinh.notify import services as notify

    return notify


@citizen_page
def inbox(request: HttpRequest) -> HttpResponse:
    messages = _notify().inbox(person=request.user.person)
    page = Paginator(messages, 30).get_page(request.GET.get("page"))
    return render(request, "portal/citizen/inbox.html", {"page": page, "nav": "inbox"})


@citizen_page
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Mark one message (``id``) or all (``all=1``) as read; with ``go``, follow the message's link."""
    notify = _notify()
    person = request.user.person
    if request.POST.get("all") == "1":
        ids = list(notify.inbox(person=person).filter(read_at__isnull=True).values_list("id", flat=True))
    else:
        ids = [int(request.POST["id"])] if (request.POST.get("id") or "").isdigit() else []
    if ids:
        notify.mark_read(ids, person=person)
    target = request.POST.get("go") or ""
    if target.startswith("/portal/") and url_has_allowed_host_and_scheme(target, None):
        return redirect(target)
    return redirect("portal:inbox")
