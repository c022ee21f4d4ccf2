"""``alueverkko partners``: partners for a project idea, with reasons.

    alueverkko partners "kylämatkailun kehittäminen Pohjois-Savossa" --role coordinator
    alueverkko partners "työperäisen maahanmuuton osaajapalvelut" --region Kuopio \\
        --on-board Savonia --years 2019-2024 --kinds organisations,people --json
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

console = Console()
err_console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command(name="partners")(partners)


def partners(ctx: typer.Context,
             idea: Annotated[str, typer.Argument(help="The project idea, in Finnish (English accepted).")],
             region: Annotated[str | None, typer.Option(
                 help="Region or municipality: name, inflected name or id.")] = None,
             role: Annotated[str | None, typer.Option(help="Preferred role: coordinator or participant.")] = None,
             on_board: Annotated[list[str] | None, typer.Option(
                 "--on-board", help="An organisation already on board (repeat, or separate with ';').")] = None,
             years: Annotated[str | None, typer.Option(help="Only work in these years counts, e.g. 2019-2024.")] = None,
             kinds: Annotated[str | None, typer.Option(
                 help="Comma-separated: organisations, municipalities, people (default organisations,people).")] = None,
             limit: Annotated[int, typer.Option(help="How many partners, 1 to 100.")] = 10,
             lang: Annotated[str | None, typer.Option(help="fi or en (default: the language setting).")] = None,
             as_json: Annotated[bool, typer.Option("--json", help="Print the JSON the API returns.")] = False):
    """Rank organisations and people for a project idea, with reasons and evidence."""
    from alueverkko.commands.store_commands import open_store, print_json
    from alueverkko.queries.partners import PartnerRequest, find_partners

    settings = ctx.obj
    request = PartnerRequest.parse(idea=idea, region=region, role=role, on_board=on_board or [], years=years,
                                   kinds=kinds, limit=limit, lang=lang or settings.language)
    results = find_partners(open_store(settings, create=False), settings, request)
    if as_json:
        print_json(results.to_dict())
        return
    _print(results)


def _print(results) -> None:
    for note in results.notes:
        err_console.print(f"[yellow]{escape(note)}[/]", highlight=False)
    if results.message:
        console.print(results.message, highlight=False)
    for partner in results.results:
        parts = ", ".join(f"{p.label.lower()} {p.value:.2f}" for p in partner.parts if p.weight)
        console.print(f"[bold]{partner.rank}. {escape(partner.name)}[/] ({partner.kind}, {escape(partner.id)}) "
                      f"score {partner.score:.3f}: {escape(parts)}", highlight=False, soft_wrap=True)
        for reason in partner.reasons:
            console.print(f"   – {_plain(reason.text)}", highlight=False, markup=False, soft_wrap=True)
            for link in reason.evidence[:2]:
                console.print(f"       {link.href}", highlight=False, markup=False, style="dim")


def _plain(text: str) -> str:
    return " ".join(text.split())
