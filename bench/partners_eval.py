"""Offline evaluation of the partner finder: does a hidden participant come back?

For each sampled project, each organisation that coordinated or took part in it
is hidden in turn. The finder gets the project's description and the remaining
participants (organisations and municipalities) as "already on board", and is
asked for organisations. The project is left out of everything during the
query (its text is taken out of the BM25 statistics, its links out of every
count), so the hidden organisation can only come back through its *other*
work. Reported: hits@5, hits@10 and MRR (ties count as the average rank).

Baselines, scored over the same candidates with the same project left out:

- **most connected**: the organisations with the most activities;
- **common neighbours** and **Adamic-Adar** between the candidate and the
  partners on board, in the actor-actor graph of shared activities;
- **text only**: BM25 over lemmas and compound parts, each activity's score
  relative to the best, summed over the actor's activities (and, as an
  ablation, the finder's own topic part alone, a noisy-or of the same scores).

Graphs: the generated national-scale world (``bench/world.py``; its project
cards' "Kuvaus:" line is the description) and the graph the real pipeline
builds from ``../shared/seeds`` and ``samples/`` (the project's evidence text
with every participant's name removed is the description).

    python -m bench.partners_eval --world S                       # quick, all projects
    python -m bench.partners_eval --world S M --projects 400 --real --write
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from alueverkko.graph.store import Store
from alueverkko.queries.partners.finder import plan_query
from alueverkko.queries.partners.index import KIND_CODES, ROLE_BITS, PartnerIndex
from alueverkko.queries.partners.model import PartnerRequest
from alueverkko.queries.partners.projection import partner_index
from alueverkko.queries.partners.signals import Weights, compute
from alueverkko.settings import Settings
from bench.machine import append_section

OUT = Path(__file__).resolve().parent / "out"
REPO = Path(__file__).resolve().parent.parent
REAL_SOURCES = [REPO.parent / "shared" / "seeds", REPO / "samples"]
ORGANISATION, MUNICIPALITY = KIND_CODES["Organisation"], KIND_CODES["Municipality"]
MEMBER_ROLES = ROLE_BITS["coordinator"] | ROLE_BITS["participant"]
METHODS = ["finder", "finder − proximity", "finder − role − recency", "finder's topic part alone",
           "text only (BM25 summed over the actor's work)", "Adamic-Adar", "common neighbours", "most connected",
           "generator's own odds (ceiling)"]


BASELINES = METHODS[4:8]
BOOTSTRAP_SAMPLES = 2000


@dataclass
class Tally:
    ranks: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METHODS})
    project_of_query: list[int] = field(default_factory=list)
    queries: int = 0
    projects: int = 0
    seconds: float = 0.0

    def add(self, method: str, rank: float) -> None:
        self.ranks[method].append(rank)

    def row(self, method: str) -> tuple[float, float, float]:
        ranks = np.array(self.ranks[method], dtype=float)
        if not len(ranks):
            return 0.0, 0.0, 0.0
        return float((ranks <= 5).mean()), float((ranks <= 10).mean()), float(np.mean(1.0 / ranks))


class CoMembership:
    """The actor-actor graph of shared activities, with the number of activities per pair,
    so one activity can be taken out of it (leave-one-out) for a query."""

    def __init__(self, index: PartnerIndex):
        self.n = index.n_actors
        members = _distinct_members(index)
        sources, targets = [], []
        for group in members:
            if len(group) > 1:
                a, b = np.meshgrid(group, group)
                keep = a != b
                sources.append(a[keep])
                targets.append(b[keep])
        key = (np.concatenate(sources).astype(np.int64) * self.n + np.concatenate(targets)) if sources \
            else np.zeros(0, np.int64)
        self.key, self.count = np.unique(key, return_counts=True)
        self.a, self.x = (self.key // self.n).astype(np.int64), (self.key % self.n).astype(np.int64)
        self.members = members
        self.activities = np.zeros(self.n)
        for group in members:
            self.activities[group] += 1

    def scores(self, on_board: np.ndarray, hidden_activity: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(common neighbours, Adamic-Adar, number of activities) with one activity left out."""
        count = self.count.copy()
        group = self.members[hidden_activity]
        if len(group) > 1:
            a, b = np.meshgrid(group, group)
            keys = (a[a != b].astype(np.int64) * self.n + b[a != b])
            count[np.searchsorted(self.key, keys)] -= 1
        alive = count > 0
        a, x = self.a[alive], self.x[alive]
        degree = np.bincount(a, minlength=self.n)
        mark = np.zeros(self.n)
        aboard = np.zeros(self.n, bool)
        aboard[on_board] = True
        np.add.at(mark, x[aboard[a]], 1.0)  # x is a neighbour of a partner on board (once per partner)
        common = np.bincount(a, mark[x], minlength=self.n)
        inverse_log = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2)), 0.0)
        adamic_adar = np.bincount(a, (mark * inverse_log)[x], minlength=self.n)
        activities = self.activities.copy()
        activities[group] -= 1
        return common, adamic_adar, activities


def _distinct_members(index: PartnerIndex) -> list[np.ndarray]:
    starts = index.activity_member_starts
    return [index.member_actor[starts[row]:starts[row + 1]] for row in range(index.n_activities)]


def rank_of(scores: np.ndarray, candidates: np.ndarray, hidden: int) -> float:
    """1-based rank of ``hidden`` among candidates, ties at their average rank; inf when not a candidate."""
    if not candidates[hidden]:
        return float("inf")
    mine = scores[hidden]
    others = scores[candidates]
    greater = int((others > mine).sum())
    ties = int((others == mine).sum()) - 1
    return 1 + greater + ties / 2


# -- descriptions --------------------------------------------------------------------
def generated_description(index: PartnerIndex, activity: int) -> str:
    found = re.search(r"Kuvaus: (.*)", index.facts.activities[index.activity_ids[activity]].text)
    return found[1] if found else ""


def real_description(index: PartnerIndex, activity: int) -> str:
    """The activity's evidence text, its name kept and every linked actor's name removed."""
    record = index.facts.activities[index.activity_ids[activity]]
    text = record.text
    names = set()
    for member in index.memberships_of_activity(activity):
        actor = index.facts.actors[index.actor_ids[int(index.member_actor[member])]]
        names.update([actor.name, *actor.aliases])
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(name) + r"(:\w+|\w{0,4})", " ", text)
    return " ".join(text.split())


# -- the evaluation -------------------------------------------------------------------
class GeneratorOdds:
    """The generated world's own chance of each organisation joining a project of a theme in a
    region (55 % one of the organisations of that theme and region, 45 % a hub by its weight):
    what no finder can beat on average, shown as the ceiling of the generated worlds."""

    def __init__(self, index: PartnerIndex, size: str, seed: int):
        from alueverkko.graph.model import NodeKind, node_id
        from bench.world import REGIONS, THEMES, World

        world = World(size, seed)
        cumulative = np.array(world._cumulative)
        weights = np.diff(np.r_[0.0, cumulative]) / cumulative[-1]
        self.rows = np.array([index.actor_row.get(node_id(NodeKind.ORGANISATION, o.name), -1)
                              for o in world.organisations])
        self.hub = np.zeros(index.n_actors)
        self.hub[self.rows[self.rows >= 0]] = weights[self.rows >= 0]
        self.local = {key: self.rows[np.array(members)] for key, members in world._by_theme_region.items()}
        self.themes = {words: theme for theme, words in THEMES.items()}
        self.regions = REGIONS

    def scores(self, idea: str) -> np.ndarray:
        found = re.search(r"teemaa (.*) alueella (.*)\.", idea)
        odds = 0.45 * self.hub
        if found and found[1] in self.themes and found[2] in self.regions:
            local = self.local.get((self.themes[found[1]], self.regions.index(found[2])), np.zeros(0, int))
            local = local[local >= 0]
            if len(local):
                odds = odds.copy()
                odds[local] += 0.55 / len(local)
        return odds


def evaluate(index: PartnerIndex, settings: Settings, describe, projects: int | None, seed: int,
             odds: GeneratorOdds | None = None) -> Tally:
    weights = Weights.from_settings(settings)
    graph = CoMembership(index)
    rows = [r for r in range(index.n_activities)
            if index.facts.activities[index.activity_ids[r]].kind == "Project" and _hidden_members(index, r)]
    random.Random(seed).shuffle(rows)
    rows = sorted(rows[:projects] if projects else rows)
    tally = Tally(projects=len(rows))
    started = time.perf_counter()
    for activity in rows:
        idea = describe(index, activity)
        if not idea.strip():
            continue
        members = _hidden_members(index, activity)
        context = [r for r in _members(index, activity) if index.actor_kind[r] == MUNICIPALITY]
        for hidden in members:
            on_board = [r for r in members if r != hidden] + context
            request = PartnerRequest(idea=idea, on_board=[index.actor_ids[r] for r in on_board],
                                     kinds=["organisations"], limit=10)
            plan = plan_query(index, request, settings, exclude=[activity])
            if plan.query is None:
                continue
            signals = compute(index, plan.query, weights)
            candidates = (index.actor_kind == ORGANISATION)
            candidates[on_board] = False
            tally.queries += 1
            tally.project_of_query.append(activity)
            if tally.queries % 250 == 0:
                print(f"  {tally.queries} hidden participants ...", file=sys.stderr, flush=True)
            ours = candidates & signals.candidates
            tally.add("finder", rank_of(signals.score, ours, hidden))
            for name, drop in (("finder − proximity", {"proximity"}), ("finder − role − recency", {"role", "recency"})):
                tally.add(name, rank_of(_reweighted(signals, weights, drop), ours, hidden))
            tally.add("finder's topic part alone", rank_of(signals.parts["topic"], ours, hidden))
            tally.add("text only (BM25 summed over the actor's work)",
                      rank_of(_text_only(index, signals), candidates, hidden))
            common, adamic_adar, activities = graph.scores(np.array(on_board, np.int64), activity)
            tally.add("Adamic-Adar", rank_of(adamic_adar, candidates, hidden))
            tally.add("common neighbours", rank_of(common, candidates, hidden))
            tally.add("most connected", rank_of(activities, candidates, hidden))
            if odds is not None:
                tally.add("generator's own odds (ceiling)", rank_of(odds.scores(idea), candidates, hidden))
    tally.seconds = time.perf_counter() - started
    return tally


def _members(index: PartnerIndex, activity: int) -> list[int]:
    return index.member_actor[index.memberships_of_activity(activity)].tolist()


def _hidden_members(index: PartnerIndex, activity: int) -> list[int]:
    found = index.memberships_of_activity(activity)
    return [int(index.member_actor[m]) for m in found
            if index.member_roles[m] & MEMBER_ROLES and index.actor_kind[index.member_actor[m]] == ORGANISATION]


def _text_only(index: PartnerIndex, signals) -> np.ndarray:
    """The BM25 scores of an actor's activities summed: much similar work ranks first."""
    return np.bincount(index.member_actor, signals.activity_score[index.member_activity], minlength=index.n_actors)


def _reweighted(signals, weights: Weights, drop: set[str]) -> np.ndarray:
    names = [n for n, on in signals.active.items() if on and n not in drop]
    total = sum(getattr(weights, n) for n in names) or 1.0
    return sum(getattr(weights, n) * signals.parts[n] for n in names) / total


# -- graphs ---------------------------------------------------------------------------
def world_store(size: str, seed: int) -> Store:
    from bench.world import generate

    folder = OUT / f"partners-world-{size}-{seed}"
    done = folder / "complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        store = Store.open(folder / "alueverkko.sqlite")
        generate(store, size, seed)
        done.write_text("ok\n")
        return store
    return Store.open(folder / "alueverkko.sqlite")


def real_store() -> tuple[Store | None, str]:
    from alueverkko.ingest.files import collect_files
    from alueverkko.ingest.runner import ingest_files

    sources = [p for p in REAL_SOURCES if p.is_dir()]
    if not sources:
        return None, "the seed documents are not at ../shared/seeds"
    folder = OUT / "partners-real"
    shutil.rmtree(folder, ignore_errors=True)
    settings = Settings(data_dir=folder)
    store = Store.open(settings.store_path)
    report = ingest_files(store, collect_files(sources), settings=settings)
    stats = store.stats()
    note = (f"{len(report.items)} files ({report.summary()}), {stats['nodes']} nodes, {stats['edges']} edges, "
            f"{stats['nodes_by_kind'].get('Project', 0)} projects")
    return store, note


def table(tally: Tally) -> str:
    lines = ["| method | hits@5 | hits@10 | MRR |", "|---|---|---|---|"]
    for method in METHODS:
        if not tally.ranks[method]:
            continue
        h5, h10, mrr = tally.row(method)
        lines.append(f"| {method} | {h5:.3f} | {h10:.3f} | {mrr:.3f} |")
    return "\n".join(lines)


def margins(tally: Tally, seed: int) -> str:
    """The finder's lead over each baseline, with a 95 % interval from a bootstrap over projects.

    Resampling whole projects, not single hidden participants, because the
    participants of one project share its description and partners on board:
    their outcomes are not independent, and treating them so would narrow the
    interval falsely.
    """
    projects = np.unique(tally.project_of_query, return_inverse=True)[1]
    picks = np.random.default_rng(seed).integers(0, projects.max() + 1, (BOOTSTRAP_SAMPLES, projects.max() + 1))
    counts = np.bincount(projects)
    ours = np.array(tally.ranks["finder"], dtype=float)
    lines = ["| finder against | Δ hits@10 (95 % interval) | Δ MRR (95 % interval) |", "|---|---|---|"]
    for baseline in BASELINES:
        theirs = np.array(tally.ranks[baseline], dtype=float)
        cells = []
        for measure in (lambda r: (r <= 10).astype(float), lambda r: 1.0 / r):
            per_project = np.bincount(projects, measure(ours) - measure(theirs))
            resampled = per_project[picks].sum(axis=1) / counts[picks].sum(axis=1)
            low, high = np.percentile(resampled, [2.5, 97.5])
            cells.append(f"{per_project.sum() / counts.sum():+.3f} ({low:+.3f} to {high:+.3f})")
        lines.append(f"| {baseline} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def run(name: str, store: Store, settings: Settings, describe, projects: int | None, seed: int,
        world: tuple[str, int] | None = None) -> tuple[str, Tally]:
    started = time.perf_counter()
    index = partner_index(store, settings)
    built = time.perf_counter() - started
    odds = GeneratorOdds(index, *world) if world else None
    tally = evaluate(index, settings, describe, projects, seed, odds)
    header = (f"**{name}**: {index.n_activities:,} activities, {index.n_actors:,} actors; "
              f"{tally.projects:,} projects sampled, {tally.queries:,} hidden participants "
              f"(index ready in {built:.1f} s, evaluation {tally.seconds:.0f} s).")
    return header + "\n\n" + table(tally) + "\n\n" + margins(tally, seed), tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", nargs="+", choices=["S", "M", "L"], default=["S"], help="generated worlds")
    parser.add_argument("--projects", type=int, default=0, help="projects sampled from the world (0: all)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--real", action="store_true", help="also evaluate on the real documents' graph")
    parser.add_argument("--write", action="store_true", help="append the figures to BENCHMARKS.md")
    args = parser.parse_args()
    sections = []
    if args.real:
        store, note = real_store()
        if store is None or not store.stats()["nodes_by_kind"].get("Project"):
            sections.append(f"**Real documents**: not evaluated: {note or 'the pipeline extracted no projects'}.")
        else:
            settings = Settings(data_dir=OUT / "partners-real")
            text, _ = run("Real documents (seeds + samples, real pipeline)", store, settings, real_description,
                          None, args.seed)
            sections.append(text + f"\n\nIngest: {note}.")
        print(sections[-1], flush=True)
    for size in args.world:
        store = world_store(size, args.seed)
        settings = Settings(data_dir=OUT / f"partners-world-{size}-{args.seed}")
        text, _ = run(f"Generated world {size} (seed {args.seed})", store, settings, generated_description,
                      args.projects or None, args.seed, world=(size, args.seed))
        sections.append(text)
        print(text, flush=True)
    if args.write:
        append_section("Partner finder: leave-one-out evaluation", "\n\n".join(sections) + "\n\n" + _method_note())


def _method_note() -> str:
    return ("Each organisation that coordinated or took part in a sampled project is hidden in turn; the finder "
            "gets the project's description and the other participants (organisations and municipalities) as "
            "already on board, asks for organisations, and the project is left out of the index for the query "
            "(text statistics and every count). Ties count at their average rank; an organisation the finder "
            "does not return at all counts as a miss. The second table is the finder's lead over each baseline "
            f"on the same hidden participants, with a 95 % interval from {BOOTSTRAP_SAMPLES:,} bootstrap "
            "resamples of whole projects (a project's hidden participants share its description, so they are "
            "not independent); an interval above zero is a lead that is not luck of the sample. "
            "`python -m bench.partners_eval`.")


if __name__ == "__main__":
    main()
