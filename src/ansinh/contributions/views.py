"""Staff pages of declarations: upload a D02-LT list (XLSX or XML) for an employer and see either every error of
the file (line, column, message; nothing written) or the declaration applied; a declaration's lines.

Thin: parse the form, call `services.declare.declaration_upload`, render. An htmx request gets the result fragment
(template partial `result`), a plain POST the whole page, so the page works without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from ansinh.accounts.scope import employers_visible, get_visible
from ansinh.contributions import messages as _messages  # noqa: F401  (registers the refusal sentences)
from ansinh.contributions.imports.d02lt import MAX_BYTES, TITLE_OF, XML_TAGS
from ansinh.contributions.models import Declaration
from ansinh.contributions.services.declare import declaration_upload, parse_month
from ansinh.core.errors import ApplicationError, FileErrors
from ansinh.core.presentation import refusal
from ansinh.registry.selectors import employer_get

RECENT = 20
FIELD_LABELS = {**TITLE_OF, "file": _("File"), "period": _("Period"), "unit_code": _("Unit code"),
                "lines": _("List"), "line": _("Line")}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("D02-LT file (XLSX or XML)"))
    period = forms.CharField(label=_("Period (MM/YYYY)"), required=False, max_length=7,
                             help_text=_("Leave empty to take the period written in the file."))

    def clean_period(self) -> Any:
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        try:
            return parse_month(text)
        except ValueError:
            raise forms.ValidationError(_("Write the period as MM/YYYY, for example 03/2026.")) from None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


def _fragment(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required; a refusal (not found, outside scope …) becomes a 4xx page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ApplicationError as exc:
            text, detail = refusal(exc.code, exc.message, area="declarations")
            context = {"title": _("Not possible"), "message": text, "detail": detail, "code": exc.code}
            return render(request, "contributions/declaration_refusal.html", context, status=exc.status)

    return login_required(wrapper)


def _errors(exc: FileErrors) -> list[dict[str, Any]]:
    rows = []
    for e in exc.details if isinstance(exc.details, list) else []:
        field = str(e.get("field") or "")
        label = FIELD_LABELS.get(field) or FIELD_LABELS.get(XML_TAGS.get(field, ""), field)
        text, detail = refusal(str(e.get("code", "")), str(e.get("message", "")), area="declarations")
        rows.append({**e, "column": label, "text": text, "detail": detail})
    return rows


@_page
@require_http_methods(["GET", "POST"])
def declaration_upload_page(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = employer_get(user=request.user, employer_id=employer_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"employer": employer, "form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                context["declaration"] = declaration_upload(
                    actor=request.user, employer=employer, data=upload.read(), file_name=upload.name,
                    period=form.cleaned_data["period"],
                )
                form = UploadForm()
                context["form"] = form
            except FileErrors as exc:
                context["errors"] = _errors(exc)
                context["file_name"] = upload.name
                status = 422
        else:
            status = 422
        if _fragment(request):
            return render(request, "contributions/declaration_upload.html#result", context, status=status)
    context["recent"] = Declaration.objects.filter(employer=employer).select_related("submitted_by").order_by(
        "-submitted_at", "-id")[:RECENT]
    return render(request, "contributions/declaration_upload.html", context, status=status)


@_page
def declaration_detail(request: HttpRequest, declaration_id: int) -> HttpResponse:
    qs = Declaration.objects.filter(employer__in=employers_visible(request.user)).select_related(
        "employer", "submitted_by")
    declaration = get_visible(qs, "declaration", declaration_id)
    lines = declaration.lines.select_related("person").order_by("line_no")
    return render(request, "contributions/declaration_detail.html", {"declaration": declaration, "lines": lines})
