"""API conventions shared by every router: page-number pagination with a total, and the error schema."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class Pages(PaginationBase):
    """?page=1&page_size=50 → {"count", "page", "page_size", "items"}. The page size is capped."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=settings.ANSINH_MAX_PAGE)
        page_size: int = Field(settings.ANSINH_PAGE_SIZE, ge=1, le=settings.ANSINH_MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        page: int
        page_size: int
        items: list[Any]

    items_attribute: str = "items"

    def paginate_queryset(self, queryset: QuerySet[Any] | list[Any], pagination: Input, **params: Any) -> dict[str, Any]:
        start = (pagination.page - 1) * pagination.page_size
        items = list(queryset[start : start + pagination.page_size])
        count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
        return {"count": count, "page": pagination.page, "page_size": pagination.page_size, "items": items}
