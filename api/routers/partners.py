"""Partner finder: ``GET``/``POST /api/partners`` and the page ``/partners``.

The page and its JSON twin render the same data: the ``PartnerResults`` of
:func:`alueverkko.queries.partners.find_partners` as a dict. An empty or
nonsense idea is an answer with a message, not an error; bad parameters
(an unknown role, years that end before they begin) are ``invalid_input``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from alueverkko.api.auth import READ_ACCESS
from alueverkko.api.deps import SettingsDep, StoreDep
from alueverkko.api.render import page_language, render, twin_url
from alueverkko.queries.partners import PartnerRequest, PartnerResults, find_partners
from alueverkko.queries.partners.model import DEFAULT_KINDS

router = APIRouter(tags=["partners"], dependencies=[READ_ACCESS])

Idea = Annotated[str, Query(max_length=4000, description="The project idea in Finnish (English accepted).")]
Region = Annotated[str | None, Query(max_length=200, description="Region or municipality: name, inflected name or id.")]
Role = Annotated[str | None, Query(description="Preferred role: coordinator or participant.")]
Years = Annotated[str | None, Query(description="Only work in these years counts: 2019-2024, or one year.")]
OnBoard = Annotated[list[str] | None, Query(description="Organisations already on board: repeat the parameter, "
                                                        "or separate names with ';'.")]
Kinds = Annotated[list[str] | None, Query(description="organisations, municipalities, people (repeat or "
                                                      "comma-separate); default organisations and people.")]
Limit = Annotated[int, Query(ge=1, le=100, description="How many partners.")]
Lang = Annotated[str | None, Query(pattern="^(fi|en)$", description="Language of reasons and messages.")]


def partners_data(store, settings, request: PartnerRequest) -> dict[str, Any]:
    return find_partners(store, settings, request).to_dict()


@router.get("/api/partners", response_model=PartnerResults)
def api_partners(store: StoreDep, settings: SettingsDep, idea: Idea = "", region: Region = None, role: Role = None,
                 years: Years = None, on_board: OnBoard = None, kinds: Kinds = None, limit: Limit = 10,
                 lang: Lang = None) -> dict[str, Any]:
    """Organisations and people for a project idea, ranked, each score split into its parts
    (topic, proximity, role, recency) with plain-language reasons linked to their evidence."""
    request = PartnerRequest.parse(idea=idea, region=region, role=role, years=years, on_board=on_board,
                                   kinds=kinds, limit=limit, lang=lang or settings.language)
    return partners_data(store, settings, request)


@router.post("/api/partners", response_model=PartnerResults)
def api_partners_post(store: StoreDep, settings: SettingsDep, body: PartnerRequest) -> dict[str, Any]:
    """The same as ``GET /api/partners``, with the request as a JSON body."""
    return partners_data(store, settings, body)


@router.get("/partners", response_class=HTMLResponse, include_in_schema=False)
def partners_page(request: Request, store: StoreDep, settings: SettingsDep, idea: Idea = "", region: Region = None,
                  role: Role = None, years: Years = None, on_board: OnBoard = None, kinds: Kinds = None,
                  limit: Limit = 10):
    """The form, and the ranked partners as cards when an idea was sent. JSON twin: /api/partners."""
    lang = page_language(request)
    asked = "idea" in request.query_params
    parsed = PartnerRequest.parse(idea=idea, region=region, role=role, years=years, on_board=on_board,
                                  kinds=kinds, limit=limit, lang=lang)
    data = partners_data(store, settings, parsed) if asked else PartnerResults(query={
        "idea": "", "region": None, "role": None, "years": None, "kinds": list(DEFAULT_KINDS), "on_board": [],
        "limit": limit, "lang": lang}).to_dict()
    data["asked"] = asked
    data["form"] = {"idea": idea, "region": region or "", "role": parsed.role or "", "years": years or "",
                    "on_board": "; ".join(parsed.on_board), "kinds": parsed.kinds, "limit": parsed.limit}
    return render(request, "partners.html", data, json_url=twin_url("/api/partners", request) if asked else None)
