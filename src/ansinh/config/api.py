"""The one API object: /api/v1/. Authentication is required everywhere (bearer token or signed-in session)."""

from __future__ import annotations

from typing import Any

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer, django_auth

from ansinh.core.errors import ApplicationError
from ansinh.rules.periods import MonthOutOfRange


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


ERROR_RESPONSES = {
    "400": "Refused: the request breaks a business rule",
    "401": "Not signed in, or the bearer token is unknown, expired, revoked or outdated by a password change",
    "403": "Outside the user's role",
    "404": "Not found, or outside the user's scope (never told apart)",
    "409": "Conflict: already done, or done at the same time by another request",
    "422": "Invalid input: the field (and the line of a file) at fault is named",
}
ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "details": {},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["code", "message"],
}


class AnsinhAPI(NinjaAPI):
    """The OpenAPI document lists the error answers of every operation (ErrorOut), not only its successes."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ERROR_SCHEMA
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, text in ERROR_RESPONSES.items():
                    responses.setdefault(code, {"description": text, **ref})
        return schema


api = AnsinhAPI(
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


@api.exception_handler(OverflowError)
def overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """Backstop: a number too large for the database (an id or amount past 64 bits) is bad input, never a 500.
    The services bound their amounts with the field named; this catches what slips through."""
    return api.create_response(request, {"code": "out_of_range", "message": "a number is out of range"}, status=422)


@api.exception_handler(MonthOutOfRange)
def month_out_of_range(request: HttpRequest, exc: MonthOutOfRange) -> HttpResponse:
    return api.create_response(request, {"code": "out_of_range", "message": str(exc)}, status=422)


@api.exception_handler(DataError)
def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
    return api.create_response(request, {"code": "out_of_range", "message": "a value is out of range"}, status=422)


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
    api.add_router("/healthcare", "ansinh.healthcare.api.router", tags=["healthcare"])
    api.add_router("/planning", "ansinh.planning.api.router", tags=["planning"])
    api.add_router("/", "ansinh.benefits.api.router", tags=["benefits"])
    api.add_router("/compliance", "ansinh.compliance.api.router", tags=["compliance"])
    api.add_router("/account", "ansinh.accounts.api.router", tags=["account"])
    api.add_router("/procedures", "ansinh.procedures.api.router", tags=["procedures"])
    api.add_router("/unit", "ansinh.portal.unit.api.router", tags=["employer portal"])


_register_routers()
