"""URLconf of the planning API tests: the project's URLs with the planning router mounted first at
/api/v1/planning/ on an API of its own (same authentication and error handlers as config/api.py), so that the
tests hold whether or not config/api.py mounts it yet (Ninja ≥ 1.5 lets a router be mounted more than once)."""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from ansinh.config.api import BearerToken, application_error, unauthenticated, validation_error
from ansinh.config.urls import urlpatterns as project_urlpatterns
from ansinh.core.errors import ApplicationError
from ansinh.planning.api import router

test_api = NinjaAPI(urls_namespace="planning_api_test", auth=[BearerToken(), django_auth])
test_api.exception_handler(ApplicationError)(application_error)
test_api.exception_handler(ValidationError)(validation_error)
test_api.exception_handler(AuthenticationError)(unauthenticated)
test_api.add_router("/planning", router)

urlpatterns = [path("api/v1/", test_api.urls), *project_urlpatterns]
