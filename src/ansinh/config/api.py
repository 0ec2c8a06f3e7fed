"""The one API object: /api/v1/. Authentication is required everywhere (bearer token or signed-in session)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, django_auth

from ansinh.core.errors import ApplicationError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):  # type: ignore[no-untyped-def]
        from ansinh.accounts.models import ApiToken

        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True,
                    expires_at__gt=now)
            .first()
        )
        if row is None or not row.is_valid_for(row.user, now):  # expired, revoked, or the password changed since
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="ansinh API",
    version="1",
    description="Social insurance, health insurance and unemployment insurance administration.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]) or None, "message": e.get("msg", "")}
        for e in exc.errors
    ]
    first = errors[0] if errors else {"field": None, "message": "invalid input"}
    return api.create_response(
        request,
        {"code": "invalid_input", "message": f"{first['field']}: {first['message']}", "errors": errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "unauthenticated", "message": "Sign in or send a bearer token"}, status=401
    )


def _register_routers() -> None:
    from ansinh.contributions.api import router as contributions_router
    from ansinh.places.api import router as places_router
    from ansinh.registry.api import router as registry_router

    api.add_router("/places", places_router, tags=["places"])
    api.add_router("/", registry_router, tags=["registry"])
    api.add_router("/", contributions_router, tags=["contributions"])
    api.add_router("/", "ansinh.coverage.api.router", tags=["coverage"])
    api.add_router("/", "ansinh.contributions.api_collection.router", tags=["collection"])
    from ansinh.contributions.api_arrears import router as arrears_router

    api.add_router("/", arrears_router, tags=["arrears"])
    api.add_router("/reports", "ansinh.reports.api.router", tags=["reports"])
    api.add_router("/planning", "ansinh.planning.api.router", tags=["planning"])
    api.add_router("/", "ansinh.benefits.api.router", tags=["benefits"])
    api.add_router("/compliance", "ansinh.compliance.api.router", tags=["compliance"])
    api.add_router("/account", "ansinh.accounts.api.router", tags=["account"])


_register_routers()
