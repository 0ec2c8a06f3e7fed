"""The officer's side of the units' D02-LT lists: the queue of lists submitted from the employer portal in the
officer's localities, and one list — its lines checked again against today's registry — to accept (applied to the
registry) or return with reasons."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ansinh.core.errors import ApplicationError, Forbidden
from ansinh.portal.unit import services
from ansinh.portal.unit.models import Submission
from ansinh.portal.unit.views import _errors, _refused


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_superuser or request.user.role in services.REVIEWER_ROLES):
        raise Http404
    return render(request, "portal/unit/review_queue.html", {
        "rows": services.submissions_to_review(user=request.user)[:200], "nav_active": "unit_review:queue"})


@login_required
def detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    try:
        submission = services.review_get(user=request.user, submission_id=submission_id)
    except (Forbidden, ApplicationError):
        raise Http404 from None
    refused: list[dict[str, Any]] = []
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("do") == "accept":
                services.submission_accept(actor=request.user, submission=submission)
            elif request.POST.get("do") == "return":
                services.submission_return(actor=request.user, submission=submission,
                                           reasons=request.POST.get("reasons") or "")
            return redirect("unit_review:detail", submission_id=submission.pk)
        except ApplicationError as exc:
            refused, status = _refused(exc), 422
            submission = services.review_get(user=request.user, submission_id=submission_id)
    recheck: list[dict[str, Any]] = []
    if submission.status == Submission.Status.SUBMITTED:
        recheck = _errors(services._check(submission))  # what accepting would find today
    recheck_by_line: dict[int, list[dict[str, Any]]] = {}
    for e in recheck:
        recheck_by_line.setdefault(int(e["line"] or 0), []).append(e)
    lines = [{"row": r, "errors": recheck_by_line.get(int(r["line"]), [])} for r in submission.lines]
    return render(request, "portal/unit/review_detail.html", {
        "s": submission, "lines": lines, "recheck": recheck, "refused": refused,
        "general": recheck_by_line.get(0, []), "nav_active": "unit_review:queue",
    }, status=status)
