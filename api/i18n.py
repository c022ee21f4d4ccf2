"""UI text in Finnish (the default) and English.

>>> translator("en")("search")
'Search'
>>> translator("fi")("search")
'Haku'
>>> translator("fi")("no-such-key")
'no-such-key'
"""

from __future__ import annotations

from collections.abc import Callable

MESSAGES: dict[str, dict[str, str]] = {
    "fi": {
        "search": "Haku", "home": "Etusivu", "documents": "Dokumentit", "maps": "Kartat",
        "cypher_console": "Cypher-konsoli", "sparql_console": "SPARQL-konsoli", "partners": "Kumppanihaku",
        "language": "Kieli", "tagline": "Suomen aluekehittämisen tietoverkko: kuka tekee mitä kenen kanssa.",
    },
    "en": {
        "search": "Search", "home": "Home", "documents": "Documents", "maps": "Maps",
        "cypher_console": "Cypher console", "sparql_console": "SPARQL console", "partners": "Partner finder",
        "language": "Language", "tagline": "A knowledge graph of Finnish regional development: who works with whom.",
    },
}


def translator(lang: str) -> Callable[[str], str]:
    messages = MESSAGES.get(lang, MESSAGES["fi"])
    return lambda key: messages.get(key, MESSAGES["fi"].get(key, key))
