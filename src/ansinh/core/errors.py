"""Business refusals: raised by services, shown to users as a clear 4xx, never a 500."""

from __future__ import annotations


class ApplicationError(Exception):
    """A refusal with a stable machine code, a human message and, where known, the field at fault."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None, details: object = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"code": self.code, "message": self.message}
        if self.field:
            out["field"] = self.field
        if self.details is not None:
            out["details"] = self.details
        return out


class InvalidInput(ApplicationError):
    """A value failed validation at the edge (identifier, date, amount ...)."""

    status = 422


class NotFound(ApplicationError):
    status = 404

    def __init__(self, what: str, key: object) -> None:
        super().__init__("not_found", f"{what} {key} not found", details={"what": what, "key": str(key)})


class Forbidden(ApplicationError):
    """Outside the acting user's role or localities. Said as 'not found' to callers where the object's
    very existence must not leak (see accounts.scope)."""

    status = 403


class Conflict(ApplicationError):
    status = 409


class FileErrors(ApplicationError):
    """An uploaded file failed validation; nothing was written. `details` lists every bad row."""

    status = 422

    def __init__(self, errors: list[dict[str, object]], *, message: str | None = None) -> None:
        super().__init__(
            "file_invalid",
            message or f"{len(errors)} error(s) in the file; nothing was written",
            details=errors,
        )
