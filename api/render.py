"""HTML rendering: one Jinja2 environment with autoescaping, one base template.

Views build a plain data dict first (their JSON twin returns the same dict);
this module only turns that dict into a page. Autoescape is on for every
template, so text read from documents can never become markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates

from alueverkko.api.highlight import highlight
from alueverkko.api.i18n import translator

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.autoescape = True
#: A document's text with its evidence spans marked, escaped (see api/highlight.py).
TEMPLATES.env.globals["highlight"] = highlight


def page_language(request: Request) -> str:
    """``?lang=en`` or ``?lang=fi`` wins, then the settings' default language."""
    lang = request.query_params.get("lang")
    if lang in ("fi", "en"):
        return lang
    return request.app.state.settings.language


def render(request: Request, template: str, data: dict[str, Any], status_code: int = 200, *,
           json_url: str | None = None):
    """``json_url`` names the page's JSON twin (a ``<link rel="alternate">`` and a link in the footer)."""
    lang = page_language(request)
    context = {"request": request, "data": data, "lang": lang, "t": translator(lang), "json_url": json_url,
               "lang_url": lambda code: str(request.url.include_query_params(lang=code))}
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)


def twin_url(path: str, request: Request) -> str:
    """The JSON twin of a page: ``path`` with the page's query parameters except ``lang``."""
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "lang"])
    return f"{path}?{query}" if query else path
