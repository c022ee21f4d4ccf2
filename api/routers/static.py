"""The UI's own files (``/static/site.css``, ``/static/console.js``): served by this server, nothing from outside."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from starlette.staticfiles import StaticFiles

router = APIRouter(tags=["static"])
_files = StaticFiles(directory=Path(__file__).resolve().parent.parent / "static")


@router.get("/static/{path:path}", include_in_schema=False)
async def static_file(path: str, request: Request):
    """A file of ``api/static``; StaticFiles refuses paths that leave the folder (404)."""
    return await _files.get_response(path, request.scope)
