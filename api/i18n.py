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
        # search, entity, document and console pages (api/routers/search.py, entities.py, documents.py, consoles.py)
        "search_placeholder": "Kunta, alue, organisaatio, hanke tai henkilö", "search_button": "Hae",
        "all_kinds": "Kaikki tyypit", "results_for": "Hakutulokset", "no_results": "Ei osumia.",
        "results_count": "osumaa", "at_least": "vähintään", "page": "Sivu", "previous": "Edellinen", "next": "Seuraava",
        "matched": "osui nimeen", "match.exact": "tarkka", "match.lemma": "perusmuoto", "match.prefix": "alkuosa",
        "match.fuzzy": "lähes", "kind.Municipality": "Kunta", "kind.Region": "Alue", "kind.Organisation": "Organisaatio",
        "kind.Person": "Henkilö", "kind.Network": "Verkosto", "kind.Programme": "Ohjelma", "kind.Project": "Hanke",
        "kind.Fund": "Rahasto", "in_graph": "Tietoverkossa", "entities": "Toimijat ja hankkeet", "relations": "Suhteet",
        "aliases": "Muut nimet", "attributes": "Tiedot", "mentions": "Maininnat", "no_relations": "Ei tunnettuja suhteita.",
        "evidence": "Lähde", "show_in_document": "näytä dokumentissa", "collaboration_map": "Yhteistyökartta",
        "more_not_shown": "lisää ei näytetä", "confidence": "varmuus",
        "rel.COORDINATES.out": "Koordinoi", "rel.COORDINATES.in": "Koordinoija",
        "rel.FUNDS.out": "Rahoittaa", "rel.FUNDS.in": "Rahoittajat",
        "rel.PARTICIPATES_IN.out": "Osallistuu", "rel.PARTICIPATES_IN.in": "Osallistujat",
        "rel.PART_OF.out": "Kuuluu", "rel.PART_OF.in": "Osat", "rel.WORKS_FOR.out": "Työskentelee",
        "rel.WORKS_FOR.in": "Henkilöstö", "rel.CONTACT_FOR.out": "Yhteyshenkilönä", "rel.CONTACT_FOR.in": "Yhteyshenkilöt",
        "rel.COLLABORATES_WITH.both": "Yhteistyössä",
        "title": "Otsikko", "source": "Lähde", "format": "Muoto", "size": "Koko", "ingested_at": "Tallennettu",
        "nodes": "Toimijoita", "edges": "Suhteita", "no_documents": "Ei vielä dokumentteja.", "warnings": "Varoitukset",
        "facts_in_document": "Dokumentista luetut tiedot", "text": "Teksti", "upload_help": "Dokumentteja lisätään rajapinnan kautta: POST /api/documents (vaatii API-avaimen).",
        "query": "Kysely", "params_json": "Parametrit (JSON)", "run": "Suorita", "examples": "Esimerkit",
        "choose_example": "Valitse esimerkki…", "running": "Suoritetaan…", "rows": "riviä",
        "truncated": "Tulos katkaistiin rivirajaan.", "console_endpoint": "Kyselyt lähetetään osoitteeseen",
        "console_error": "Kysely epäonnistui", "no_rows": "Ei tulosrivejä.",
    },
    "en": {
        "search": "Search", "home": "Home", "documents": "Documents", "maps": "Maps",
        "cypher_console": "Cypher console", "sparql_console": "SPARQL console", "partners": "Partner finder",
        "language": "Language", "tagline": "A knowledge graph of Finnish regional development: who works with whom.",
        # search, entity, document and console pages (api/routers/search.py, entities.py, documents.py, consoles.py)
        "search_placeholder": "Municipality, region, organisation, project or person", "search_button": "Search",
        "all_kinds": "All kinds", "results_for": "Results", "no_results": "No matches.",
        "results_count": "matches", "at_least": "at least", "page": "Page", "previous": "Previous", "next": "Next",
        "matched": "matched", "match.exact": "exact", "match.lemma": "base form", "match.prefix": "prefix",
        "match.fuzzy": "approximate", "kind.Municipality": "Municipality", "kind.Region": "Region",
        "kind.Organisation": "Organisation", "kind.Person": "Person", "kind.Network": "Network",
        "kind.Programme": "Programme", "kind.Project": "Project", "kind.Fund": "Fund", "in_graph": "In the graph",
        "entities": "Actors and projects", "relations": "Relations", "aliases": "Also known as", "attributes": "Attributes",
        "mentions": "Mentions", "no_relations": "No known relations.", "evidence": "Evidence",
        "show_in_document": "show in document", "collaboration_map": "Collaboration map",
        "more_not_shown": "more not shown", "confidence": "confidence",
        "rel.COORDINATES.out": "Coordinates", "rel.COORDINATES.in": "Coordinated by",
        "rel.FUNDS.out": "Funds", "rel.FUNDS.in": "Funded by",
        "rel.PARTICIPATES_IN.out": "Participates in", "rel.PARTICIPATES_IN.in": "Participants",
        "rel.PART_OF.out": "Part of", "rel.PART_OF.in": "Has parts", "rel.WORKS_FOR.out": "Works for",
        "rel.WORKS_FOR.in": "Staff", "rel.CONTACT_FOR.out": "Contact person for", "rel.CONTACT_FOR.in": "Contact persons",
        "rel.COLLABORATES_WITH.both": "Collaborates with",
        "title": "Title", "source": "Source", "format": "Format", "size": "Size", "ingested_at": "Ingested",
        "nodes": "Entities", "edges": "Relations", "no_documents": "No documents yet.", "warnings": "Warnings",
        "facts_in_document": "Facts read from this document", "text": "Text", "upload_help": "Documents are added through the API: POST /api/documents (needs the API key).",
        "query": "Query", "params_json": "Parameters (JSON)", "run": "Run", "examples": "Examples",
        "choose_example": "Choose an example…", "running": "Running…", "rows": "rows",
        "truncated": "Results were cut at the row cap.", "console_endpoint": "Queries are sent to",
        "console_error": "The query failed", "no_rows": "No rows.",
    },
}


def translator(lang: str) -> Callable[[str], str]:
    messages = MESSAGES.get(lang, MESSAGES["fi"])
    return lambda key: messages.get(key, MESSAGES["fi"].get(key, key))
