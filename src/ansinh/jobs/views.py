"""Pages of the background jobs: the list of runs, a run with its live progress, a start form per kind."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError
from ansinh.jobs.kinds import KINDS, LINK_LABELS, SUMMARY_LABELS, kinds_for
from ansinh.jobs.models import JobRun
from ansinh.jobs.selectors import runs_visible
from ansinh.jobs.services import JobRunning, job_start, live_state
from ansinh.web.forms import add_refusal
from ansinh.web.refusals import refusal_text
from ansinh.web.views import staff_page

ERRORS = {
    "job_running": _("This job is already queued or running for this period. Wait for it to finish."),
    "file_invalid": _("The file has errors; nothing was written. The lines at fault are in the log below."),
    "already_imported": _("This file was already imported."),
    "interrupted": _("The worker was stopped during the job; nothing of it was written. Start it again."),
    "worker_stopped": _("The worker stopped during the job (it was stopped or the machine restarted); nothing of "
                        "it was written. Start it again."),
}


def _staff(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_superuser or getattr(user, "is_staff_role", False)):
        raise Http404("staff only")


@staff_page
def job_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    runs = runs_visible(request.user).select_related("started_by")
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    if kind in KINDS:
        runs = runs.filter(kind=kind)
    if status in JobRun.Status.values:
        runs = runs.filter(status=status)
    page = Paginator(runs, 50).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {
        "page": page, "runs": [(r, KINDS.get(r.kind)) for r in page], "kinds": list(KINDS.values()),
        "statuses": JobRun.Status.choices, "kind": kind, "status": status, "startable": kinds_for(request.user),
    })


@staff_page
def job_new(request: HttpRequest, kind: str) -> HttpResponse:
    _staff(request)
    spec = KINDS.get(kind)
    if spec is None or not spec.may_start(request.user):
        raise Http404("no such job for this role")
    running = None
    if request.method == "POST":
        form = spec.form(request.POST, request.FILES)
        if form.is_valid():
            params = {k: (str(v) if v is not None and not isinstance(v, bool | str | int) else v)
                      for k, v in form.cleaned_data.items() if k != "file"}
            try:
                run = job_start(actor=request.user, kind=kind, params=params, upload=form.cleaned_data.get("file"))
            except JobRunning as exc:
                running = exc.running
                form.add_error(None, ERRORS["job_running"])
            except ApplicationError as exc:
                add_refusal(form, exc)
            else:
                return redirect("jobs:detail", run.pk)
    else:
        form = spec.form(initial={k: request.GET[k] for k in request.GET if k in spec.form.base_fields})
    recent = runs_visible(request.user).filter(kind=kind).select_related("started_by")[:5]
    return render(request, "jobs/new.html", {"spec": spec, "form": form, "running": running, "recent": recent},
                  status=409 if running else 200)


def _detail_context(run: JobRun) -> dict[str, Any]:
    summary = [(SUMMARY_LABELS.get(key, key), value, fmt) for key, value, fmt in run.summary]
    links = [(LINK_LABELS.get(key, key), url) for key, url in run.links]
    error = ""
    if run.error:
        exc = ApplicationError(run.error_code, run.error) if run.error_code else None
        error = str(ERRORS[run.error_code]) if run.error_code in ERRORS else refusal_text(exc) if exc else run.error
    follow = JobRun.objects.filter(triggered_by=run).order_by("id")  # a triggered run has its trigger's office
    return {"run": run, "spec": KINDS.get(run.kind), "state": live_state(run), "summary": summary, "links": links,
            "error": error, "follow": follow}


@staff_page
def job_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _staff(request)
    run = get_object_or_404(runs_visible(request.user).select_related("started_by", "triggered_by"), pk=run_id)
    template = "jobs/detail.html#progress" if request.headers.get("HX-Request") else "jobs/detail.html"
    return render(request, template, _detail_context(run))
