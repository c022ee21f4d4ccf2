"""HTML rendering: one Jinja2 environment with autoescaping, one base template.

Views build a plain data dict first (their JSON twin returns the same dict);
this module only turns that dict into a page. Autoescape is on for every
template, so text read from documents can never become markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from alueverkko.api.i18n import translator

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.autoescape = True


def page_language(request: Request) -> str:
    """``?lang=en`` or ``?lang=fi`` wins, then the settings' default language."""
    lang = request.query_params.get("lang")
    if lang in ("fi", "en"):
        return lang
    return request.app.state.settings.language


def render(request: Request, template: str, data: dict[str, Any], status_code: int = 200):
    lang = page_language(request)
    context = {"request": request, "data": data, "lang": lang, "t": translator(lang)}
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
