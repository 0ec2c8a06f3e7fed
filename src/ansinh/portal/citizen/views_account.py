"""Activation and password reset pages of the citizen portal (see citizen/otp.py). Thin: parse, call, render."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ansinh.core.errors import ApplicationError
from ansinh.portal.access import HOME_OF, is_portal_user
from ansinh.portal.citizen import otp

SESSION_KEY = "portal_otp"


def _refusal(exc: ApplicationError) -> str:
    """The refusal in the user's language (the service's message is for logs and the API)."""
    messages = {
        "bad_identifier": _("The personal identification number has 12 digits."),
        "required": _("Enter your birth date."),
        "bad_email": _("The e-mail address is not valid."),
        "bad_phone": _("The phone number must have 10 digits, starting with 0."),
        "too_many_requests": _("Too many code requests for these details. Try again in an hour."),
        "code_used": _("This code has been used or replaced. Ask for a new code."),
        "too_many_attempts": _("Too many wrong codes. Ask for a new code."),
        "code_expired": _("The code has expired. Ask for a new code."),
        "mismatch": _("The two passwords differ."),
    }
    if exc.code == "wrong_code":
        left = (exc.details or {}).get("left", 0) if isinstance(exc.details, dict) else 0
        return _("The code is not right (%(left)s tries left).") % {"left": left}
    if exc.code == "weak_password":
        return exc.message  # Django's validators answer in the active language
    return messages.get(exc.code, exc.message)


def _ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")[:45]


def _request_page(request: HttpRequest, purpose: str) -> HttpResponse:
    if is_portal_user(request.user):
        return redirect(HOME_OF[request.user.role])
    error = field = None
    values = {"identifier": "", "birth_date": "", "address": ""}
    if request.method == "POST":
        values = {k: (request.POST.get(k) or "").strip()[:120] for k in values}
        try:
            birth = dt.date.fromisoformat(values["birth_date"]) if values["birth_date"] else None
        except ValueError:
            birth = None
        try:
            sent = otp.code_request(purpose=purpose, identifier=values["identifier"], birth_date=birth,
                                    address=values["address"], ip=_ip(request))
        except ApplicationError as exc:
            error, field = _refusal(exc), exc.field
        else:
            request.session[SESSION_KEY] = {"row": sent.row_id, "to": sent.masked, "channel": sent.channel,
                                            "purpose": purpose}
            return redirect("portal:account_code")
    return render(request, "portal/citizen/account_request.html",
                  {"purpose": purpose, "error": error, "field": field, "values": values},
                  status=422 if error else 200)


def activate(request: HttpRequest) -> HttpResponse:
    return _request_page(request, "activate")


def reset(request: HttpRequest) -> HttpResponse:
    return _request_page(request, "reset")


def code(request: HttpRequest) -> HttpResponse:
    state = request.session.get(SESSION_KEY)
    if not state:
        return redirect("portal:activate")
    error = field = None
    if request.method == "POST":
        try:
            otp.code_use(row_id=state["row"], code=request.POST.get("code") or "",
                         password=request.POST.get("password") or "", password2=request.POST.get("password2") or "")
        except ApplicationError as exc:
            error, field = _refusal(exc), exc.field
        else:
            request.session.pop(SESSION_KEY, None)
            return render(request, "portal/citizen/account_done.html", {"purpose": state["purpose"]})
    return render(request, "portal/citizen/account_code.html",
                  {"state": state, "error": error, "field": field, "ttl": int(otp.TTL.total_seconds() // 60)},
                  status=422 if error else 200)
