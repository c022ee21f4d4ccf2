"""The RDF projection of the canonical store, in standard vocabularies.

* :mod:`.namespaces`, :mod:`.identifiers`: vocabularies and stable HTTP IRIs.
* :mod:`.mapping` (with :mod:`.attributes`, :mod:`.evidence`): nodes, relations,
  documents and evidence as rdflib triples; ``vocab.ttl`` is our own vocabulary.
* :mod:`.projection`, :mod:`.disk`: the on-disk Oxigraph store kept in sync with
  the store's change log, and the read-only snapshots queries read.
* :mod:`.export`: Turtle, N-Triples and JSON-LD files.

See ``docs/rdf.md`` for the mapping table and the design choices.
"""
