"""Staff pages. Thin: parse, authorise, call a selector or service, render."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("web:login")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})


@login_required
def household_search(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})


@login_required
def employer_search(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {})
