"""The signed-in user's API tokens: list, make (the key is shown once), revoke."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.accounts import services
from ansinh.core.api import Pages

router = Router()


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    days: int | None = Field(None, ge=1, le=services.MAX_TOKEN_DAYS)


class NewTokenOut(TokenOut):
    key: str


@router.get("/tokens", response=list[TokenOut], summary="Your API tokens (revoked and expired ones too)")
@paginate(Pages)
def list_tokens(request: HttpRequest) -> Any:
    return services.token_list(user=request.user)


@router.post("/tokens", response={201: NewTokenOut}, summary="Make a token: its key is shown once")
def create_token(request: HttpRequest, payload: TokenIn) -> Any:
    key = services.token_create(user=request.user, name=payload.name, days=payload.days, source="api")
    token = services.token_list(user=request.user)[0]
    return Status(201, {**TokenOut.from_orm(token).dict(), "key": key})


@router.post("/tokens/{token_id}/revoke", response=TokenOut, summary="Revoke one of your tokens")
def revoke_token(request: HttpRequest, token_id: int) -> Any:
    return services.token_revoke(actor=request.user, token_id=token_id, source="api")
