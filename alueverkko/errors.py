"""One domain error hierarchy for the whole product.

Every error says what went wrong, where, and how to fix it. The API turns them
into one JSON shape in one place; the CLI prints them and exits non-zero.

>>> err = DocumentNotFound("abc")
>>> err.status, err.code
(404, 'document_not_found')
>>> err.to_dict()["error"]["code"]
'document_not_found'
"""

from __future__ import annotations

from typing import Any


class AlueverkkoError(Exception):
    """Base of every error this product raises on purpose."""

    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str, *, where: str = "", fix: str = "", details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.fix = fix
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "where": self.where,
                          "fix": self.fix, "details": self.details}}

    def __str__(self) -> str:
        parts = [self.message]
        if self.where:
            parts.append(f"(at {self.where})")
        if self.fix:
            parts.append(f"Fix: {self.fix}")
        return " ".join(parts)


class InvalidInput(AlueverkkoError):
    status, code = 400, "invalid_input"


class Unauthorized(AlueverkkoError):
    status, code = 401, "unauthorized"


class WritesDisabled(AlueverkkoError):
    """A write was asked for but the server has no write key configured, so no one may write."""

    status, code = 403, "writes_disabled"


class NotFound(AlueverkkoError):
    status, code = 404, "not_found"


class DocumentNotFound(NotFound):
    code = "document_not_found"

    def __init__(self, document: str):
        super().__init__(f"No document matches {document!r}.", where="document",
                         fix="List documents with `alueverkko documents` or GET /api/documents.")


class EntityNotFound(NotFound):
    code = "entity_not_found"

    def __init__(self, entity: str):
        super().__init__(f"No entity has the id {entity!r}.", where="entity",
                         fix="Find the id with `GET /api/search?q=...`.")


class PayloadTooLarge(AlueverkkoError):
    status, code = 413, "payload_too_large"


class DocumentError(AlueverkkoError):
    """A single document could not be loaded or read; other documents go on."""

    status, code = 422, "document_error"


class UnsupportedFormat(DocumentError):
    code = "unsupported_format"


class StoreError(AlueverkkoError):
    status, code = 500, "store_error"


class StoreLocked(StoreError):
    status, code = 503, "store_locked"


class StoreCorrupt(StoreError):
    code = "store_corrupt"


class SchemaTooNew(StoreError):
    code = "schema_too_new"


class QueryError(AlueverkkoError):
    status, code = 400, "query_error"


class QueryRefused(QueryError):
    """A user query tried to write, call out, or administer: refused before it ran."""

    status, code = 403, "query_refused"


class QueryTimeout(QueryError):
    status, code = 408, "query_timeout"


class BackendUnavailable(AlueverkkoError):
    status, code = 503, "backend_unavailable"


class ConfigError(AlueverkkoError):
    code = "config_error"
