"""Extraction speed: the whole ``extract_document`` against the Finnish spaCy pipeline alone.

    python -m bench.extraction_speed [--seeds ../shared/seeds] [--tokens 100000] [--no-append]

The seed texts are repeated, each repetition a document of its own, until they
hold at least ``--tokens`` word tokens. Both sides read the same texts:

- ``extract_document`` with its defaults (spaCy on, for the sentences the rules
  leave unexplained), models loaded and warmed before timing;
- ``nlp.pipe`` of the full ``spacy_fi_experimental_web_md`` pipeline, as loaded.

Repeated texts let Voikko's and the matcher's caches help the extraction from
the second round on, so the first round (each seed once, cold caches) is timed
and reported separately. Figures are printed and appended to BENCHMARKS.md
under "Extraction speed".
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench.machine import append_section

REPO = Path(__file__).resolve().parent.parent


def seed_texts(folder: Path) -> list[tuple[str, str]]:
    from alueverkko.ingest.loaders import load

    return [(p.name, load(p).text) for p in sorted(folder.iterdir()) if p.is_file()]


def word_tokens(text: str) -> int:
    from alueverkko.ingest.tokens import tokenize

    return sum(1 for t in tokenize(text) if t.is_word)


def corpus(texts: list[tuple[str, str]], minimum: int) -> list[tuple[str, str]]:
    out, total, round_ = [], 0, 0
    while total < minimum:
        for name, text in texts:
            out.append((f"{name}#{round_}", text))
            total += word_tokens(text)
        round_ += 1
    return out


def time_extraction(docs: list[tuple[str, str]], use_spacy: bool) -> float:
    from alueverkko.graph.model import Document, content_hash
    from alueverkko.ingest.pipeline import extract_document

    start = time.perf_counter()
    for name, text in docs:
        document = Document(content_hash((name + text).encode()), name, name, text)
        extract_document(document, use_spacy=use_spacy)
    return time.perf_counter() - start


def time_spacy(docs: list[tuple[str, str]]) -> float:
    import spacy

    nlp = spacy.load("spacy_fi_experimental_web_md")
    list(nlp.pipe(["Lämmittely ennen mittausta."]))
    start = time.perf_counter()
    for _ in nlp.pipe(text for _, text in docs):
        pass
    return time.perf_counter() - start


def warm_up() -> None:
    from alueverkko.graph.model import Document
    from alueverkko.ingest.ner import load_nlp
    from alueverkko.ingest.pipeline import extract_document

    load_nlp()
    extract_document(Document("warm", "w", "w", "Lämmittely: Kouvolan kaupunki koordinoi hanketta."), use_spacy=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--tokens", type=int, default=100_000)
    parser.add_argument("--no-append", action="store_true", help="Print only; do not write BENCHMARKS.md.")
    args = parser.parse_args()

    texts = seed_texts(args.seeds)
    docs = corpus(texts, args.tokens)
    tokens = sum(word_tokens(text) for _, text in docs)
    first_round = [(f"{name}#cold", text) for name, text in texts]
    first_tokens = sum(word_tokens(text) for _, text in first_round)

    warm_up()
    cold = time_extraction(first_round, use_spacy=True)
    ours = time_extraction(docs, use_spacy=True)
    rules_only = time_extraction(docs, use_spacy=False)
    theirs = time_spacy(docs)

    rows = [
        ("extract_document, first round (cold caches)", first_tokens, cold),
        ("extract_document (spaCy where needed)", tokens, ours),
        ("extract_document, use_spacy=False", tokens, rules_only),
        ("spaCy nlp.pipe alone (full pipeline)", tokens, theirs),
    ]
    lines = [f"Seed texts: {len(texts)} documents repeated to {len(docs)} documents, {tokens:,} word tokens.", "",
             "| run | tokens | seconds | tokens/s |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {name} | {n:,} | {sec:.2f} | {n / sec:,.0f} |" for name, n, sec in rows]
    verdict = "meets" if tokens / ours >= tokens / theirs else "misses"
    lines += ["", f"The whole ingest {verdict} the target of at least spaCy's speed "
                  f"({tokens / ours:,.0f} vs {tokens / theirs:,.0f} tokens/s).",
              "", "Load average when done (other processes share the machine): "
                  + " ".join(f"{x:.2f}" for x in os.getloadavg()) + "."]
    body = "\n".join(lines)
    print(body)
    if not args.no_append:
        append_section("Extraction speed", body)


if __name__ == "__main__":
    main()
