"""SPARQL over the RDF projection: read-only, time-limited, row-capped.

* :mod:`.engine`: sync the projection lazily, then run a query in a worker.
* :mod:`.guard`: refuse updates and SERVICE, by parsing the query.
* :mod:`.canned`: the named ``*.rq`` queries of this folder and their parameters.
* :mod:`.worker`, :mod:`.pool`: evaluation in killable worker processes.
* :mod:`.answer`, :mod:`.formats`: answers, and the SPARQL result formats.

See ``docs/rdf.md``.
"""
