"""Finnish-aware entity search over names and aliases: a projection of the store.

Finnish names inflect ("Kouvolan", "Pohjois-Savossa"), users type without
accents ("hameenlinna") and make typos ("Kouvla"). The index therefore keeps,
for every name and alias of every node (an *entry*):

* ``norm``: the label accent-folded and lower-cased, punctuation as spaces;
* its *terms*: every folded token and every folded Voikko base form of it
  ("kouvolan" and "kouvola"), in an inverted table ``terms(term, entry)``;
* a ``vocab`` of the distinct terms, also reversed, for typo candidates.

A query is analysed the same way, then matched in four tiers, best first:

====== ================================================================ =====
tier   an entry matches when                                            score
====== ================================================================ =====
exact  its ``norm`` equals the query's                                  1.0
lemma  it has as many tokens as the query, each matched by a token      0.9
       or base form ("Kouvolan kaupungin" ~ "Kouvolan kaupunki")
prefix its ``norm`` starts with the query's, or every query token is a  0.75
       term of it with the last one a prefix ("Karjala", "kouv")
fuzzy  as prefix, but a query token with no match is replaced by vocab  <0.6
       terms within 1-2 edits (optimal string alignment; run only when
       the tiers above found fewer than ``FUZZY_BELOW`` entities)
====== ================================================================ =====

An alias scores a little under the name, and extra tokens cost a little, so
within a tier the closest label comes first. Typo candidates are the vocab
terms that share the query token's first or last three letters and are at most
two letters longer or shorter (two B-tree ranges), checked with rapidfuzz:
over 280,000 terms that took 0.4 ms a token, against 21 ms for an FTS5
trigram OR-query and 500 ms for a full rapidfuzz scan (``bench/search_bench.py``,
BENCHMARKS.md). It misses a typo in both the first and the last three letters.

The index is a separate SQLite file beside the store (``search.sqlite``) with
its own cursor into the store's change log, so it follows uploads and
removals like the RDF and Cypher projections (``graph.projections.sync_all``)
and repairs itself after a crash. :meth:`SearchIndex.search` syncs lazily
first, which costs one ``SELECT`` when nothing changed.

>>> [(t.surface, t.forms) for t in analyse("Pohjois-Savossa")]
[('pohjois', ('pohjois',)), ('savossa', ('savossa', 'savo', 'pohjoissavossa', 'pohjoissavo'))]
>>> fold("Hämeenlinnan Åbo-Akademi:n")
'hameenlinnan abo akademi n'
"""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from alueverkko.settings import Settings

#: Bump when the analysis or the layout changes: every index is rebuilt on its next sync.
INDEX_VERSION = "2"
#: Fuzzy matching runs only when the better tiers found fewer entities than this.
FUZZY_BELOW = 10
#: Query tokens beyond this are ignored.
MAX_QUERY_TOKENS = 8

TIER_SCORES = {"exact": 1.0, "lemma": 0.9, "prefix": 0.75, "fuzzy": 0.6}
WORD = re.compile(r"[^\W_]+(?:[-:'’][^\W_]+)*")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY, node_id TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
    label TEXT NOT NULL, is_name INTEGER NOT NULL, norm TEXT NOT NULL, ntokens INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS entries_by_node ON entries (node_id);
CREATE INDEX IF NOT EXISTS entries_by_norm ON entries (norm);
-- An entry's token count and kind ride along with each term, so a tier can filter and order
-- matches from the term index alone and join only the rows it keeps.
CREATE TABLE IF NOT EXISTS terms (
    term TEXT NOT NULL, entry INTEGER NOT NULL, ntokens INTEGER NOT NULL, kind TEXT NOT NULL,
    PRIMARY KEY (term, entry)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS terms_by_entry ON terms (entry);
CREATE TABLE IF NOT EXISTS vocab (term TEXT PRIMARY KEY, rterm TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vocab_by_rterm ON vocab (rterm);
"""


# -- analysis -------------------------------------------------------------------
def fold(text: str) -> str:
    """Lower-cased, accents removed, every run of punctuation a single space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.findall(r"[^\W_]+", "".join(c for c in decomposed if not unicodedata.combining(c))))


@dataclass(frozen=True, slots=True)
class Term:
    """One token of a label or query: its folded surface and the forms it matches (surface first)."""

    surface: str
    forms: tuple[str, ...]


def analyse(text: str) -> list[Term]:
    """The terms of a label or query, each with its folded Voikko base forms.

    >>> [t.forms for t in analyse("Kouvolan kaupungin")]
    [('kouvolan', 'kouvola'), ('kaupungin', 'kaupunki')]
    >>> [t.forms for t in analyse("KOKO:ssa")]
    [('koko',)]
    """
    return [term for word in WORD.findall(text) for term in _analyse_word(word)]


@lru_cache(maxsize=200_000)
def _analyse_word(word: str) -> tuple[Term, ...]:
    from alueverkko.ingest.lexicon import base_forms, split_colon_case

    head, _case = split_colon_case(word)
    surfaces = fold(head).split()
    if not surfaces:
        return ()
    variants = [] if any(c.isdigit() for c in head) else [fold(b).split() for b in base_forms(word)]
    terms = []
    for i, surface in enumerate(surfaces):
        forms = [surface]
        for variant in filter(None, variants):
            if len(variant) == len(surfaces):
                form = variant[i]
            elif i == len(surfaces) - 1:
                form = variant[-1]
            else:
                continue
            if form not in forms:
                forms.append(form)
        if i == len(surfaces) - 1 and len(surfaces) > 1:
            # A hyphenated name also matches written together: "Eteläkarjala" ~ "Etelä-Karjala".
            forms.extend(j for j in ("".join(v) for v in [surfaces, *filter(None, variants)]) if j not in forms)
        terms.append(Term(surface, tuple(forms)))
    return tuple(terms)


# -- results ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    kind: str
    name: str
    matched: str   # the name or alias that matched
    match: str     # exact | lemma | prefix | fuzzy
    score: float


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    kinds: list[str]
    page: int
    per_page: int
    total: int
    total_exact: bool        # False: more entries matched than were ranked (``total`` is a lower bound)
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class _Cond:
    """A query token as a condition on an entry's terms: one of ``forms``, or a term starting with ``prefix``."""

    forms: tuple[str, ...]
    prefix: str = ""

    def sql(self, alias: str) -> tuple[str, list[str]]:
        parts, params = [], []
        if self.forms:
            parts.append(f"{alias}.term IN ({','.join('?' * len(self.forms))})")
            params.extend(self.forms)
        if self.prefix:
            parts.append(f"({alias}.term >= ? AND {alias}.term < ?)")
            params.extend((self.prefix, self.prefix + "\uffff"))
        return "(" + " OR ".join(parts) + ")", params


# -- the index ---------------------------------------------------------------------
class SearchIndex:
    """The search projection of one store; registered as ``search`` in graph.projections."""

    name = "search"

    def __init__(self, path: Path, *, max_candidates: int = 2000):
        self.path = Path(path)
        self.max_candidates = max_candidates
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cursor: int | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn().executescript(SCHEMA)

    # -- the projection contract --------------------------------------------------
    def sync(self, store) -> int:
        """Apply the store's changes since the cursor (or rebuild); return the new cursor."""
        with self._lock, self._write() as db:
            meta = dict(db.execute("SELECT key, value FROM meta"))
            identity, last = _store_identity(store), store.last_change()
            cursor = int(meta.get("cursor", -1))
            # The change at the cursor must still be the one applied: a new store at the same
            # path (even one that got the old inode back) has other changes under those numbers.
            changes = store.changes_since(cursor - 1) if cursor > 0 else []
            same_history = cursor == 0 or (bool(changes) and changes[0].seq == cursor
                                           and _change_key(changes[0]) == meta.get("cursor_change"))
            if (meta.get("version") != INDEX_VERSION or meta.get("store") != identity
                    or cursor < 0 or cursor > last or not same_history):
                cursor = self._rebuild(db, store)
            else:
                changes = [c for c in (changes if cursor > 0 else store.changes_since(0)) if c.seq > cursor]
                if any(c.item_kind == "all" for c in changes):
                    cursor = self._rebuild(db, store)
                elif changes:
                    self._apply(db, store, sorted({c.item_id for c in changes if c.item_kind == "node"}))
                    cursor = changes[-1].seq
            at_cursor = store.changes_since(cursor - 1)[:1] if cursor > 0 else []
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                           [("cursor", str(cursor)), ("store", identity), ("version", INDEX_VERSION),
                            ("cursor_change", _change_key(at_cursor[0]) if at_cursor else "")])
        self._cursor = cursor
        return cursor

    def ensure_synced(self, store) -> None:
        """Catch up before a query. While another thread is already catching up (a rebuild of a
        national-scale store takes minutes), queries answer from the index as it was."""
        if self._cursor is not None and (self._cursor == store.last_change() or self._lock.locked()):
            return
        self.sync(store)

    def _rebuild(self, db: sqlite3.Connection, store) -> int:
        from alueverkko.graph.reads import labelled_nodes

        cursor = store.last_change()  # read first: changes during the rebuild are applied next time
        for table in ("entries", "terms", "vocab"):  # dropped, not emptied: the layout may have changed
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in filter(str.strip, SCHEMA.split(";")):
            db.execute(statement)
        self._insert(db, labelled_nodes(store), next_id=1)
        return cursor

    def _apply(self, db: sqlite3.Connection, store, node_ids: list[str]) -> None:
        from alueverkko.graph.reads import labelled_nodes

        gone_terms: set[str] = set()
        for chunk in _chunks(node_ids, 500):
            marks = ",".join("?" * len(chunk))
            entries = [r[0] for r in db.execute(f"SELECT id FROM entries WHERE node_id IN ({marks})", chunk)]
            for part in _chunks(entries, 500):
                emarks = ",".join("?" * len(part))
                gone_terms.update(r[0] for r in db.execute(f"SELECT term FROM terms WHERE entry IN ({emarks})", part))
                db.execute(f"DELETE FROM terms WHERE entry IN ({emarks})", part)
            db.execute(f"DELETE FROM entries WHERE node_id IN ({marks})", chunk)
        next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM entries").fetchone()[0]
        self._insert(db, labelled_nodes(store, ids=node_ids), next_id)
        for chunk in _chunks(sorted(gone_terms), 500):
            db.execute(f"DELETE FROM vocab WHERE term IN ({','.join('?' * len(chunk))}) "
                       "AND NOT EXISTS (SELECT 1 FROM terms t WHERE t.term = vocab.term)", chunk)

    def _insert(self, db: sqlite3.Connection, nodes: Iterable[tuple[str, str, str, list[str]]], next_id: int) -> None:
        entries, terms, vocab = [], [], set()
        for node_id, kind, name, aliases in nodes:
            labels: dict[str, tuple[str, int]] = {}
            for label, is_name in itertools.chain([(name, 1)], ((a, 0) for a in aliases)):
                analysed = analyse(label)
                norm = " ".join(t.surface for t in analysed)
                if norm and norm not in labels:
                    labels[norm] = (label, is_name)
                    entries.append((next_id, node_id, kind, name, label, is_name, norm, len(analysed)))
                    forms = {form for t in analysed for form in t.forms}
                    terms.extend((form, next_id, len(analysed), kind) for form in forms)
                    vocab.update(f for f in forms if not any(c.isdigit() for c in f))
                    next_id += 1
            if len(terms) > 200_000:
                _flush(db, entries, terms, vocab)
        _flush(db, entries, terms, vocab)

    # -- querying -------------------------------------------------------------------
    def search(self, store, query: str, *, kinds: Iterable[str] = (), page: int = 1, per_page: int = 20) -> SearchPage:
        """One page of the entities whose names or aliases match ``query``, best first."""
        self.ensure_synced(store)
        kinds = sorted(set(kinds))
        terms = analyse(query)[:MAX_QUERY_TOKENS]
        found: dict[str, tuple] = {}   # node id -> (score, row, tier) of its best match
        complete = True
        if terms:
            db = self._conn()
            for tier, rows, capped in self._tiers(db, terms, kinds, found):
                complete &= not capped
                _keep_best(found, rows, tier, len(terms))
        ranked = sorted(found.values(), key=lambda f: (-f[0], f[1][2].casefold(), f[1][0]))
        start = (page - 1) * per_page
        hits = [SearchHit(row[0], row[1], row[2], row[3], tier, round(score, 4))
                for score, row, tier in ranked[start:start + per_page]]
        return SearchPage(query, kinds, page, per_page, len(ranked), complete, hits)

    def _tiers(self, db, terms: list[Term], kinds: list[str], found: dict) -> Iterator[tuple[str, list, bool]]:
        norm = " ".join(t.surface for t in terms)
        exact_conds = [_Cond(t.forms) for t in terms]
        yield ("exact", *self._select(db, "e.norm = ?", [norm], kinds))
        yield ("lemma", *self._token_match(db, exact_conds, kinds, ntokens=len(terms)))
        yield ("prefix", *self._select(db, "e.norm >= ? AND e.norm < ?", [norm, norm + "\uffff"], kinds))
        last = terms[-1]
        prefix_conds = exact_conds[:-1] + [_Cond(last.forms, last.surface)]
        yield ("prefix", *self._token_match(db, prefix_conds, kinds))
        if len(found) >= FUZZY_BELOW:
            return
        for conds, similarity in self._fuzzy_variants(db, terms):
            rows, capped = self._token_match(db, conds, kinds)
            yield (f"fuzzy:{similarity:.3f}", rows, capped)

    def _select(self, db, where: str, params: list, kinds: list[str]) -> tuple[list, bool]:
        kind_sql = f" AND e.kind IN ({','.join('?' * len(kinds))})" if kinds else ""
        rows = db.execute(f"""SELECT e.node_id, e.kind, e.name, e.label, e.is_name, e.ntokens FROM entries e
                              WHERE {where}{kind_sql} ORDER BY e.norm LIMIT ?""",
                          [*params, *kinds, self.max_candidates + 1]).fetchall()
        return rows[: self.max_candidates], len(rows) > self.max_candidates

    def _token_match(self, db, conds: list[_Cond], kinds: list[str], ntokens: int | None = None) -> tuple[list, bool]:
        """Entries having, for every condition, a term that meets it; the shortest entries first."""
        if len(conds) > 1:
            conds = sorted(conds, key=lambda c: self._estimate(db, c))
        driver, driver_params = conds[0].sql("t")
        where, params = [driver], list(driver_params)
        for i, cond in enumerate(conds[1:]):
            sql, cond_params = cond.sql(f"u{i}")
            where.append(f"EXISTS (SELECT 1 FROM terms u{i} WHERE u{i}.entry = t.entry AND {sql})")
            params.extend(cond_params)
        if ntokens is not None:
            where.append("t.ntokens = ?")
            params.append(ntokens)
        if kinds:
            where.append(f"t.kind IN ({','.join('?' * len(kinds))})")
            params.extend(kinds)
        rows = db.execute(f"""SELECT e.node_id, e.kind, e.name, e.label, e.is_name, e.ntokens
                              FROM (SELECT DISTINCT t.entry, t.ntokens FROM terms t WHERE {' AND '.join(where)}
                                    ORDER BY t.ntokens LIMIT ?) m
                              JOIN entries e ON e.id = m.entry""",
                          [*params, self.max_candidates + 1]).fetchall()
        return rows[: self.max_candidates], len(rows) > self.max_candidates

    @staticmethod
    def _estimate(db, cond: _Cond) -> int:
        sql, params = cond.sql("t")
        return db.execute(f"SELECT count(*) FROM (SELECT 1 FROM terms t WHERE {sql} LIMIT 20000)", params).fetchone()[0]

    def _fuzzy_variants(self, db, terms: list[Term]) -> list[tuple[list[_Cond], float]]:
        """Conditions with each unmatched query token replaced by close vocab terms, most similar first."""
        options: list[list[tuple[_Cond, float]]] = []
        for i, term in enumerate(terms):
            cond = _Cond(term.forms, term.surface if i == len(terms) - 1 else "")
            if self._estimate(db, cond):
                options.append([(_Cond(term.forms), 1.0)])
                continue
            near = typo_candidates(db, term.surface)
            if not near:
                return []
            options.append([(_Cond((t,)), s) for t, s in near[:3]])
        if all(len(o) == 1 and o[0][1] == 1.0 for o in options):
            return []
        combos = [([c for c, _ in combo], min(s for _, s in combo)) for combo in itertools.product(*options)]
        return sorted(combos, key=lambda c: -c[1])[:10]

    # -- connections ------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._local.conn = conn
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._conn()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def typo_candidates(db: sqlite3.Connection, token: str) -> list[tuple[str, float]]:
    """Vocab terms within 1 (short tokens) or 2 edits of ``token``, with a similarity in (0, 1).

    Candidates share the token's first or last three letters and differ in
    length by at most two; tokens under four letters get none.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    if len(token) < 4 or any(c.isdigit() for c in token):
        return []
    head, tail = token[:3], token[-3:][::-1]
    rows = db.execute("""SELECT term FROM vocab WHERE term >= ? AND term < ?
                         UNION SELECT term FROM vocab WHERE rterm >= ? AND rterm < ?""",
                      (head, head + "\uffff", tail, tail + "\uffff")).fetchall()
    pool = [r[0] for r in rows if abs(len(r[0]) - len(token)) <= 2 and r[0] != token]
    limit = 1 if len(token) <= 5 else 2
    near = process.extract(token, pool, scorer=OSA.distance, score_cutoff=limit, limit=20)
    return sorted(((term, round(1 - dist / max(len(token), len(term)), 3)) for term, dist, _ in near),
                  key=lambda x: (-x[1], x[0]))


def _keep_best(found: dict[str, tuple], rows: list[tuple], tier: str, query_tokens: int) -> None:
    """Score each row (node_id, kind, name, label, is_name, ntokens); keep each node's best."""
    base, _, similarity = tier.partition(":")
    top = TIER_SCORES[base] * (float(similarity) if similarity else 1.0)
    for row in rows:
        penalty = (0 if row[4] else 0.02) + 0.01 * min(5, max(0, row[5] - query_tokens))
        score = top - penalty
        best = found.get(row[0])
        if best is None or score > best[0]:
            found[row[0]] = (score, row, base)


def _flush(db: sqlite3.Connection, entries: list, terms: list, vocab: set) -> None:
    db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?)", entries)
    db.executemany("INSERT OR IGNORE INTO terms VALUES (?,?,?,?)", terms)
    db.executemany("INSERT OR IGNORE INTO vocab VALUES (?,?)", ((v, v[::-1]) for v in vocab))
    entries.clear(), terms.clear(), vocab.clear()


def _change_key(change) -> str:
    return f"{change.seq}|{change.item_kind}|{change.item_id}"


def _store_identity(store) -> str:
    """The store's path and inode: a store deleted and created again is a new store."""
    path = os.path.realpath(store.path)
    return f"{path}#{os.stat(path).st_ino}"


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# -- registry ------------------------------------------------------------------------
_indexes: dict[tuple[str, int], SearchIndex] = {}
_indexes_lock = threading.Lock()


def index_for(settings: Settings) -> SearchIndex:
    """The process-wide index of the store in ``settings.data_dir`` (opened on first use)."""
    key = (os.path.realpath(settings.data_dir), settings.search_max_candidates)
    with _indexes_lock:
        index = _indexes.get(key)
        if index is None:
            index = _indexes[key] = SearchIndex(Path(settings.data_dir) / "search.sqlite",
                                                max_candidates=settings.search_max_candidates)
    return index


def projection(settings: Settings) -> SearchIndex:
    """The factory :data:`alueverkko.graph.projections.REGISTRY` names."""
    return index_for(settings)
