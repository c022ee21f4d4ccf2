"""The partner finder: organisations and people for a new project idea, with reasons.

A project planner gives an idea ("kylämatkailun kehittäminen Pohjois-Savossa"),
perhaps a region, a preferred role, years, the partners already on board and
the kinds of partner wanted; :func:`find_partners` answers with a ranked list
whose every score is split into its parts (topic, proximity, role, recency)
and explained in plain Finnish or English, each reason linked to the document
spans it rests on.

The stages, one module each:

- :mod:`.text`: words to lemmas and compound parts (Voikko);
- :mod:`.places`: regions and municipalities, nested, found in inflected text;
- :mod:`.facts`: activities, actors and places read from the store;
- :mod:`.index`: numpy arrays and a BM25 index compiled from the facts;
- :mod:`.projection`: the index kept in step with the store's change log;
- :mod:`.signals`: the four parts of the score for every actor at once;
- :mod:`.reasons`: sentences with evidence for the best few;
- :mod:`.finder`: the entry point tying them together;
- :mod:`.model`: the request and result types.
"""

from alueverkko.queries.partners.finder import find_partners
from alueverkko.queries.partners.model import PartnerRequest, PartnerResults

__all__ = ["PartnerRequest", "PartnerResults", "find_partners"]
