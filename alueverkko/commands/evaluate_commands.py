"""``alueverkko evaluate``: score the extraction against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command()(evaluate)


def evaluate(ctx: typer.Context,
             gold_dir: Annotated[Path, typer.Argument(help="Folder of gold files (*.json, see tests/gold/GUIDELINES.md).")],
             docs_dir: Annotated[Path, typer.Argument(help="Folder of the documents the gold files name.")],
             baseline: Annotated[bool, typer.Option("--baseline", help="Also score the Finnish spaCy NER alone.")] = False,
             as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
             details: Annotated[bool, typer.Option("--details", help="List missed and false facts.")] = False):
    """Entity and relation precision, recall and F1 per document, strict and relaxed, micro-averaged."""
    from alueverkko.ingest.evaluate import evaluate_folder, format_table

    report = evaluate_folder(gold_dir, docs_dir, use_spacy=ctx.obj.use_spacy)
    base = evaluate_folder(gold_dir, docs_dir, baseline=True) if baseline else None
    if as_json:
        data = {"pipeline": report.as_dict()}
        if base is not None:
            data["baseline"] = base.as_dict()
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(format_table(report, "alueverkko extraction (strict; \"rlx\" = relaxed)"))
    if details:
        for score in report.scores:
            lines = [f"  missed entity   {x}" for x in score.missed_entities] + \
                    [f"  false entity    {x}" for x in score.false_entities] + \
                    [f"  missed relation {x}" for x in score.missed_relations] + \
                    [f"  false relation  {x}" for x in score.false_relations]
            if lines:
                typer.echo(f"\n{score.document}")
                typer.echo("\n".join(lines))
    if base is not None:
        typer.echo("")
        typer.echo(format_table(base, "baseline: Finnish spaCy NER alone (no relations)"))
