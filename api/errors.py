"""One place where errors become responses: one JSON shape, one friendly HTML page.

Every error body is ``{"error": {"code", "message", "where", "fix", "details"}}``.
Browsers asking for HTML outside ``/api`` get the same content as a page.
"""

from __future__ import annotations

import html
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from alueverkko.errors import AlueverkkoError, InvalidInput, NotFound

log = logging.getLogger("alueverkko.api")

HTTP_CODES = {404: NotFound, 405: InvalidInput}


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AlueverkkoError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)


def error_response(request: Request, err: AlueverkkoError):
    if _wants_html(request):
        return HTMLResponse(_error_page(err), status_code=err.status)
    return JSONResponse(err.to_dict(), status_code=err.status)


async def _domain_error(request: Request, exc: AlueverkkoError):
    return error_response(request, exc)


async def _validation_error(request: Request, exc: RequestValidationError):
    problems = [{"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
                for e in exc.errors()]
    first = problems[0] if problems else {"where": "", "problem": "invalid request"}
    err = InvalidInput(f"Invalid request: {first['problem']}.", where=first["where"],
                       fix="Correct the named parameter; see /docs for the accepted values.",
                       details={"problems": problems})
    return error_response(request, err)


async def _http_error(request: Request, exc: StarletteHTTPException):
    cls = HTTP_CODES.get(exc.status_code, AlueverkkoError)
    err = cls(str(exc.detail) if exc.detail else "Request failed.", where=request.url.path,
              fix="See /docs for the available endpoints." if exc.status_code == 404 else "")
    err.status = exc.status_code
    if exc.status_code == 404:
        err.code = "not_found"
    return error_response(request, err)


async def _unexpected_error(request: Request, exc: Exception):
    log.exception("unexpected error on %s", request.url.path)
    err = AlueverkkoError("Internal error.", where=request.url.path,
                          fix="Try again; if it persists, report it with the request you made.")
    return error_response(request, err)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api", "/sparql", "/id")) and "text/html" in request.headers.get("accept", "")


def _error_page(err: AlueverkkoError) -> str:
    esc = html.escape
    return (f"<!doctype html><html lang='fi'><head><meta charset='utf-8'><title>{esc(err.message)}</title></head>"
            f"<body><h1>{esc(err.message)}</h1><p>{esc(err.fix)}</p><p><code>{esc(err.code)}</code> "
            f"{esc(err.where)}</p><p><a href='/'>alueverkko</a></p></body></html>")
