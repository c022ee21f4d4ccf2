"""Documents: list, read with fact spans, upload and delete (``/api/documents``), and their pages.

An upload goes through the real pipeline (loader by file suffix, then
extraction) and is stored in one transaction; then every projection (search
index, RDF, Cypher) catches up through ``graph.projections.sync_all``. The
uploaded file's name is its source: uploading a changed file of the same name
replaces that document's facts, an unchanged one changes nothing.

Writes need the API key (see :mod:`alueverkko.api.auth`). The body is
counted while it streams in and refused with 413 past ``max_upload_bytes``,
before any of it is parsed.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from alueverkko.api.auth import READ_ACCESS, WriteAccess
from alueverkko.api.deps import SettingsDep, StoreDep
from alueverkko.api.models import DeletedOut, DocumentListOut, DocumentOut, UploadOut
from alueverkko.api.render import render, twin_url
from alueverkko.errors import AlueverkkoError, DocumentError, InvalidInput, PayloadTooLarge
from alueverkko.queries.document_view import document_detail, document_summary
from alueverkko.graph.reads import document_page
from alueverkko.settings import Settings

log = logging.getLogger("alueverkko.api.documents")
router = APIRouter(tags=["documents"], dependencies=[READ_ACCESS])

_UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "The document: .txt, .md, .html, .pdf, .docx, .xlsx, .csv ... (its suffix picks the loader)."},
        "source": {"type": "string", "description": "Where it came from (a URL or path); defaults to upload:FILENAME."}}}}}}}


PageNumber = Annotated[int, Query(ge=1, le=100_000, description="1-based page number.")]
PerPage = Annotated[int, Query(ge=1, le=1000)]


def documents_data(store, page: int = 1, per_page: int = 100) -> dict[str, Any]:
    total, documents = document_page(store, (page - 1) * per_page, per_page)
    return {"count": total, "page": page, "per_page": per_page, "pages": max(1, -(-total // per_page)),
            "documents": documents}


@router.get("/api/documents", response_model=DocumentListOut)
def api_documents(store: StoreDep, page: PageNumber = 1, per_page: PerPage = 100) -> dict[str, Any]:
    """The stored documents, oldest first, with the number of entities and relations each supports."""
    return documents_data(store, page, per_page)


@router.get("/api/documents/{document_id}", response_model=DocumentOut)
def api_document(document_id: str, store: StoreDep) -> dict[str, Any]:
    """A document (by id or a unique id prefix of 6+ characters), its text, and the span of every fact read from it."""
    return document_detail(store, document_id)


@router.post("/api/documents", response_model=UploadOut, status_code=201, openapi_extra=_UPLOAD_BODY,
             responses={200: {"description": "The same document was stored already; nothing changed."},
                        401: {"description": "Missing or wrong X-API-Key."},
                        403: {"description": "Writes are disabled: no API key is configured."},
                        413: {"description": "Larger than max_upload_bytes."},
                        422: {"description": "The document could not be read."}})
async def api_upload(request: Request, response: Response, store: StoreDep, settings: SettingsDep,
                     _: WriteAccess) -> dict[str, Any]:
    """Upload one document as multipart form field ``file`` (needs X-API-Key); it is read by the pipeline and stored."""
    body = await read_limited_body(request, settings.max_upload_bytes)
    filename, data, source = await _parse_upload(request, body)
    result = await run_in_threadpool(_ingest_upload, store, settings, request.app.state.extraction_worker,
                                    filename, data, source)
    if result["status"] == "unchanged":
        response.status_code = 200
    return result


@router.delete("/api/documents/{document_id}", response_model=DeletedOut,
               responses={401: {"description": "Missing or wrong X-API-Key."},
                          403: {"description": "Writes are disabled: no API key is configured."}})
def api_delete(document_id: str, store: StoreDep, settings: SettingsDep, _: WriteAccess) -> dict[str, Any]:
    """Remove a document and the facts only it supports (needs X-API-Key)."""
    info = store.remove_document(document_id)
    projections, warnings = _sync_projections(store, settings)
    return {"deleted": document_summary(info), "projections": projections, "warnings": warnings}


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_html(request: Request, store: StoreDep, page: PageNumber = 1, per_page: PerPage = 100):
    return render(request, "documents.html", documents_data(store, page, per_page),
                  json_url=twin_url("/api/documents", request))


@router.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
def document_html(document_id: str, request: Request, store: StoreDep):
    data = document_detail(store, document_id)
    return render(request, "document.html", data, json_url=f"/api/documents/{data['id']}")


# -- upload internals ----------------------------------------------------------------
async def read_limited_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"The upload is larger than the limit of {limit} bytes.", where="body",
                           fix="Split the document, or raise ALUEVERKKO_MAX_UPLOAD_BYTES on the server.",
                           details={"max_upload_bytes": limit})


async def _parse_upload(request: Request, body: bytes) -> tuple[str, bytes, str]:
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise _needs_file()

    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=1, max_fields=5)
    except Exception as exc:  # the multipart parser's own errors: a malformed body is the client's
        raise InvalidInput("The multipart body could not be parsed.", where="body", fix=_needs_file().fix) from exc
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise _needs_file()
    source = form.get("source")
    return _safe_name(upload.filename or ""), await upload.read(), source if isinstance(source, str) else ""


def _needs_file() -> InvalidInput:
    return InvalidInput("Send the document as multipart/form-data in a field named `file`.", where="file",
                        fix="e.g. curl -H 'X-API-Key: KEY' -F file=@hanke.txt http://HOST/api/documents")


def _safe_name(filename: str) -> str:
    """A file name without folders or odd characters, keeping its suffix (which picks the loader).

    >>> _safe_name("../../etc/Hanke kortti.TXT")
    'Hanke kortti.TXT'
    """
    name = re.sub(r"[\x00-\x1f/\\:]+", "_", Path(filename.replace("\\", "/")).name).strip(" .") or "document"
    return name[-120:]


def _ingest_upload(store, settings: Settings, worker, filename: str, data: bytes, source: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="alueverkko-upload-") as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        try:  # in the app's extraction process, under the same time and memory limits as `alueverkko ingest`
            extraction = worker.extract_file(path)
        except DocumentError as exc:
            exc.where = filename  # not the temporary folder it was read from
            raise
    document = extraction.document
    document.source_path = source.strip()[:500] or f"upload:{filename}"
    result = store.ingest(extraction)
    projections, warnings = _sync_projections(store, settings)
    return {"status": result.status, "document": document_summary(store.document_info(result.document_id)),
            "nodes": len(extraction.nodes), "edges": len(extraction.edges),
            "replaced_document_id": result.replaced_document_id, "projections": projections,
            "warnings": [*extraction.document.warnings, *warnings]}


def _sync_projections(store, settings: Settings) -> tuple[dict[str, int], list[str]]:
    """Bring every projection up to date; the store already holds the change, so a projection
    that cannot follow now is reported (it catches up before its next query), not fatal."""
    from alueverkko.graph.projections import sync_all

    try:
        return sync_all(store, settings), []
    except AlueverkkoError as exc:
        log.warning("projections did not catch up after a write: %s", exc)
        return {}, [f"Projections will catch up later: {exc.message}"]
