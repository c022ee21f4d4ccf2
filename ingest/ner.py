"""The Finnish spaCy NER, run only where the rules leave a name unexplained.

The model is loaded lazily, once per process, with only the components NER
needs. It reads only sentences that hold a capitalised word no gazetteer,
pattern or structure mention explains, and contact lines without a person —
so the whole ingest stays faster than running spaCy over all the text.
Its PERSON and ORG entities become mentions of the lowest tier: any rule
mention overlapping them wins.

>>> needs_model("Kuopion kaupunki koordinoi hanketta.", [(0, 16)], 0)
False
"""

from __future__ import annotations

import re
import threading

from alueverkko.graph.model import NodeKind
from alueverkko.ingest import lexicon
from alueverkko.ingest.doc import Mention, WorkDoc
from alueverkko.ingest.mentions import make_mention
from alueverkko.ingest.structure import CONTACT, FIELD, ROW
from alueverkko.ingest.tokens import tokenize

MODEL = "spacy_fi_experimental_web_md"
NER_COMPONENTS = ("tok2vec", "ner")
OTHER_COMPONENTS = ("tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
#: Words that state a relation; only in such sentences may the model add an organisation.
RELATION_CUES = re.compile(r"koordino|hallinno|rahoit|mukana|osallistu|kuulu|yhteistyö|toteuttaj|vetovastuu|"
                           r"kumppan", re.IGNORECASE)
_nlp = None
_lock = threading.Lock()


def load_nlp():
    """The spaCy pipeline with only the components NER needs; loaded on first use."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy
                _nlp = spacy.load(MODEL, disable=[n for n in OTHER_COMPONENTS if n not in NER_COMPONENTS])
    return _nlp


def model_version() -> str:
    nlp = load_nlp()
    return f"{nlp.meta.get('name', MODEL)}-{nlp.meta.get('version', '?')}"


def needs_model(sentence: str, covered: list[tuple[int, int]], offset: int) -> bool:
    """A sentence whose capitalised words (after the first) are not all explained by rule mentions."""
    for i, token in enumerate(tokenize(sentence, offset)):
        if i == 0 or not token.is_word or not token.is_capitalised or token.is_acronym:
            continue
        if any(a <= token.start < b for a, b in covered):
            continue
        if lexicon.is_known(token.text) and not lexicon.is_proper(token.text):
            continue
        return True
    return False


def ner_mentions(doc: WorkDoc) -> list[Mention]:
    """PERSON and ORG mentions from spaCy in the sentences that need it."""
    covered = sorted((m.start, m.end) for m in doc.mentions)
    chosen = [s for s in doc.sentences if _eligible(doc, s) and needs_model(s.text, covered, s.start)]
    if not chosen:
        return []
    nlp = load_nlp()
    version = model_version()
    out = []
    for sentence, parsed in zip(chosen, nlp.pipe((_encodable(s.text) for s in chosen), batch_size=64)):
        for ent in parsed.ents:
            if ent.label_ == "ORG" and not RELATION_CUES.search(sentence.text):
                continue  # an organisation the model alone vouches for must at least take part in a stated fact
            mention = _mention(doc, sentence.start + ent.start_char, sentence.start + ent.end_char, ent.label_)
            if mention is not None:
                mention.attrs["model"] = version
                out.append(mention)
    return out


def _encodable(text: str) -> str:
    """Lone surrogates (spaCy encodes text as UTF-8 and cannot) as U+FFFD: one character each, so offsets hold.

    >>> _encodable("Kainuu \\ud800")
    'Kainuu \ufffd'
    """
    return text if text.isascii() else re.sub("[\ud800-\udfff]", "\ufffd", text)


def _eligible(doc: WorkDoc, sentence) -> bool:
    block = doc.blocks[sentence.block] if sentence.block >= 0 else None
    if block is None or block.kind == FIELD:
        return False
    if block.kind == ROW:
        return any(c.column in ("status", "measure", "") and c.start <= sentence.start < c.end for c in block.cells)
    return block.kind != CONTACT or not any(m.kind == NodeKind.PERSON and sentence.start <= m.start < sentence.end
                                            for m in doc.mentions)


def _mention(doc: WorkDoc, start: int, end: int, label: str) -> Mention | None:
    text = doc.text[start:end]
    words = text.split()
    if not words or not text[:1].isupper() or len(words) > 5:
        return None
    if label == "PERSON" and len(words) >= 2 and all(w[:1].isupper() for w in words):
        return make_mention(doc, start, end, NodeKind.PERSON, "spacy.ner", 0.6)
    if label == "ORG":
        if len(words) < 2 or not words[-1][:1].isupper():
            return None  # one-word ORG guesses are mostly product, place or event names
        return make_mention(doc, start, end, NodeKind.ORGANISATION, "spacy.ner", 0.55)
    return None
