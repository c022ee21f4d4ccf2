"""Word vectors of the Finnish spaCy model, for widening an idea to related words.

The model (``spacy-fi-experimental-web-md``, floret vectors: every word, even an
unseen compound, gets a vector from its character n-grams) is loaded lazily,
once per process, and only its vectors: no pipeline component runs. An idea's
term is widened to the index words nearest to it ("turismi" -> "matkailu"), so
ideas written in other words than the documents still meet them.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np

MODEL = "spacy_fi_experimental_web_md"
_LOCK = threading.RLock()


@lru_cache(maxsize=1)
def _vectors():
    import spacy

    with _LOCK:
        nlp = spacy.load(MODEL, exclude=["tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler",
                                         "lemmatizer", "trainable_lemmatizer", "ner", "senter"])
    return nlp.vocab.vectors


def available() -> bool:
    """Whether the model can be loaded here."""
    try:
        _vectors()
    except (ImportError, OSError):
        return False
    return True


def unit_vectors(terms: list[str]) -> np.ndarray:
    """One row per term: its vector scaled to length 1 (zeros for a term with no vector)."""
    if not terms:
        return np.zeros((0, 300), dtype=np.float32)
    with _LOCK:
        matrix = np.asarray(_vectors().get_batch(terms), dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def neighbours(query: np.ndarray, vocabulary: np.ndarray, *, threshold: float, top: int) -> list[tuple[int, float]]:
    """Rows of ``vocabulary`` nearest to the unit vector ``query``: (row, cosine) above threshold, best first.

    >>> vocab = np.array([[1, 0], [0.8, 0.6], [0, 1]], dtype=np.float32)
    >>> neighbours(np.array([1, 0], dtype=np.float32), vocab, threshold=0.5, top=5)
    [(0, 1.0), (1, 0.8)]
    """
    if vocabulary.shape[0] == 0:
        return []
    similarity = vocabulary @ query
    candidates = np.flatnonzero(similarity >= threshold)
    best = candidates[np.argsort(-similarity[candidates], kind="stable")][:top]
    return [(int(i), round(float(similarity[i]), 4)) for i in best]
