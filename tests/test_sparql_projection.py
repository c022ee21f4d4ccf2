"""The RDF projection: the mapping into standard vocabularies, and sync with the store's change log."""

from __future__ import annotations

import logging

import pyoxigraph as ox
import pytest

from alueverkko.graph import projections
from alueverkko.graph.rdf.disk import META_GRAPH, read_meta, write_meta
from alueverkko.graph.rdf.projection import RdfProjection
from alueverkko.settings import Settings
from support import rdf_world as w

BASE = "http://data.example.fi/alueverkko"
PREFIXES = """
PREFIX av: <http://data.example.fi/alueverkko/ns#>
PREFIX municipality: <http://data.example.fi/alueverkko/id/municipality/>
PREFIX region: <http://data.example.fi/alueverkko/id/region/>
PREFIX organisation: <http://data.example.fi/alueverkko/id/organisation/>
PREFIX person: <http://data.example.fi/alueverkko/id/person/>
PREFIX network: <http://data.example.fi/alueverkko/id/network/>
PREFIX programme: <http://data.example.fi/alueverkko/id/programme/>
PREFIX project: <http://data.example.fi/alueverkko/id/project/>
PREFIX fund: <http://data.example.fi/alueverkko/id/fund/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX cpov: <http://data.europa.eu/m8g/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
PREFIX frapo: <http://purl.org/cerif/frapo/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture
def settings(store) -> Settings:
    return Settings(data_dir=store.path.parent, base_iri=BASE)


@pytest.fixture
def projection(settings) -> RdfProjection:
    return RdfProjection(settings)


def read(projection: RdfProjection, store) -> ox.Store:
    """The newest snapshot, synced, opened read-only as a query worker opens it."""
    return ox.Store.read_only(str(projection.snapshot(store).path))


def ask(snapshot: ox.Store, pattern: str) -> bool:
    return bool(snapshot.query(PREFIXES + f"ASK {{ {pattern} }}", use_default_graph_as_union=True))


def select(snapshot: ox.Store, query: str) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in row)
            for row in snapshot.query(PREFIXES + query, use_default_graph_as_union=True)]


def fresh_projection(tmp_path) -> RdfProjection:
    """A projection of the same store into another, empty folder: it starts with a full rebuild."""
    return RdfProjection(Settings(data_dir=tmp_path / "elsewhere", base_iri=BASE))


def all_quads(snapshot: ox.Store) -> set:
    return {q for q in snapshot.quads_for_pattern(None, None, None, None) if q.graph_name != META_GRAPH}


def test_a_municipality_is_a_public_organisation_with_its_name_and_aliases(store, projection):
    store.ingest(w.reitit())
    snapshot = read(projection, store)
    assert ask(snapshot, "municipality:lieksa a av:Municipality, org:Organization, cpov:PublicOrganisation ; "
                         'rdfs:label "Lieksa" ; <http://purl.org/dc/terms/identifier> "municipality:lieksa"')


def test_an_ely_centre_is_a_public_body_and_a_development_company_is_not(store, projection):
    store.ingest(w.polku())
    store.ingest(w.reitit())
    snapshot = read(projection, store)
    assert ask(snapshot, "organisation:pohjois-karjalan-ely-keskus a cpov:PublicOrganisation, org:Organization")
    assert ask(snapshot, "organisation:pielisen-karjalan-kehittamiskeskus-oy a org:Organization")
    assert not ask(snapshot, "organisation:pielisen-karjalan-kehittamiskeskus-oy a cpov:PublicOrganisation")


def test_a_network_is_an_organisational_collaboration_with_members_both_ways(store, projection):
    store.ingest(w.network())
    snapshot = read(projection, store)
    assert ask(snapshot, "network:vaara-suomen-matkailuverkosto a org:OrganizationalCollaboration ; "
                         "org:hasMember organisation:karelia-ammattikorkeakoulu, organisation:kolin-luontomatkailu-ry")
    assert ask(snapshot, "organisation:karelia-ammattikorkeakoulu org:memberOf network:vaara-suomen-matkailuverkosto")


def test_funding_is_said_in_frapo_and_schema_org(store, projection):
    store.ingest(w.reitit())
    snapshot = read(projection, store)
    assert ask(snapshot, "fund:euroopan-aluekehitysrahasto frapo:funds project:vaarojen-matkailureitit ; "
                         "a schema:FundingScheme . project:vaarojen-matkailureitit frapo:isFundedBy "
                         "fund:euroopan-aluekehitysrahasto ; schema:funder fund:euroopan-aluekehitysrahasto ; "
                         "a schema:Project")


def test_project_dates_are_typed_and_the_budget_is_a_monetary_amount_in_euros(store, projection):
    store.ingest(w.reitit())
    snapshot = read(projection, store)
    assert ask(snapshot, 'project:vaarojen-matkailureitit schema:startDate "2021-01-01"^^xsd:date ; '
                         'schema:endDate "2023-12-31"^^xsd:date ; av:year 2021, 2022, 2023 ; '
                         'av:budget [ a schema:MonetaryAmount ; schema:value 450000.0 ; schema:currency "EUR" ]')


def test_a_person_is_a_foaf_person_with_job_title_and_employer(store, projection):
    store.ingest(w.polku())
    snapshot = read(projection, store)
    assert ask(snapshot, 'person:aino-virtanen a foaf:Person ; schema:jobTitle "projektipäällikkö" ; '
                         'schema:email "aino.virtanen@example.fi" ; schema:worksFor organisation:karelia-ammattikorkeakoulu')


def test_the_coordinator_role_carries_its_quote_span_document_and_extractor(store, projection):
    store.ingest(w.reitit())
    snapshot = read(projection, store)
    rows = select(snapshot, """
        SELECT ?document ?quote ?start ?end ?agentLabel ?version ?confidence WHERE {
          ?role a av:Coordination, av:Role ; av:agent organisation:pielisen-karjalan-kehittamiskeskus-oy ;
                av:target project:vaarojen-matkailureitit ; av:relation av:coordinates ;
                prov:wasDerivedFrom ?document .
          ?annotation a oa:Annotation ; oa:hasBody ?role ; av:confidence ?confidence ;
                      prov:wasAttributedTo ?agent ; oa:hasTarget ?target .
          ?agent a prov:SoftwareAgent ; rdfs:label ?agentLabel ; schema:softwareVersion ?version .
          ?target a oa:SpecificResource ; oa:hasSource ?document ;
                  oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?quote ],
                                 [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] .
          ?document a <http://xmlns.com/foaf/0.1/Document> .
        }""")
    document_id = w.reitit().document.id
    assert rows == [(f"{BASE}/id/document/{document_id}", w.REITIT_TEXT, "0", str(len(w.REITIT_TEXT)),
                     "test-rules", "1", "0.9")]


def test_the_direct_triple_and_its_role_node_name_the_same_parties(store, projection):
    store.ingest(w.polku())
    snapshot = read(projection, store)
    assert ask(snapshot, "organisation:karelia-ammattikorkeakoulu av:coordinates project:metsaosaajien-polku . "
                         "?role a av:Coordination ; av:agent organisation:karelia-ammattikorkeakoulu ; "
                         "av:target project:metsaosaajien-polku")
    assert ask(snapshot, "?role a av:Participation ; av:agent municipality:lieksa ; av:target project:metsaosaajien-polku")


def test_the_vocabulary_labels_kinds_and_relations_in_finnish_and_english(store, projection):
    snapshot = read(projection, store)
    assert ask(snapshot, 'av:Municipality rdfs:label "kunta"@fi, "municipality"@en ; rdfs:subClassOf cpov:PublicOrganisation')
    assert ask(snapshot, 'av:coordinates rdfs:label "koordinoi"@fi, "coordinates"@en')


def test_sync_returns_the_cursor_and_keeps_it_inside_the_rdf_store(store, projection):
    store.ingest(w.reitit())
    cursor = projection.sync(store)
    assert cursor == store.last_change() > 0
    with projection.disk.writer() as live:
        assert read_meta(live.store).cursor == cursor


def test_sync_follows_a_replaced_document(store, projection):
    store.ingest(w.reitit())
    projection.sync(store)
    changed = w.REITIT_TEXT.replace("Karelia-ammattikorkeakoulu", "Kolin Luontomatkailu ry").replace("Oy koordinoi", "Oy johtaa")
    replaced = w.extraction(changed, "hankkeet/vaarojen_matkailureitit.txt", [
        (w.K.PROJECT, "Vaarojen matkailureitit"), (w.K.ORGANISATION, "Kolin Luontomatkailu ry")],
        [(1, w.R.PARTICIPATES_IN, 0)])
    assert store.ingest(replaced).status == "replaced"
    snapshot = read(projection, store)
    assert ask(snapshot, "organisation:kolin-luontomatkailu-ry av:participatesIn project:vaarojen-matkailureitit")
    assert not ask(snapshot, "organisation:karelia-ammattikorkeakoulu ?p ?o")
    assert not ask(snapshot, "?s av:coordinates project:vaarojen-matkailureitit")
    old_document = f"<{BASE}/id/document/{w.reitit().document.id}>"
    assert not ask(snapshot, f"{{ {old_document} ?p ?o }} UNION {{ ?s ?p {old_document} }}")


def test_removing_a_document_removes_its_triples(store, projection):
    store.ingest(w.kouvola())
    store.ingest(w.reitit())
    projection.sync(store)
    store.remove_document("hankkeet/logistiikan_kasvupolku.txt")
    snapshot = read(projection, store)
    for gone in ("municipality:kouvola", "project:logistiikan-kasvupolku", "region:kymenlaakso"):
        assert not ask(snapshot, f"{{ {gone} ?p ?o }} UNION {{ ?s ?p {gone} }}"), gone
    document = f"<{BASE}/id/document/{w.kouvola().document.id}>"
    assert not ask(snapshot, f"{{ {document} ?p ?o }} UNION {{ ?s ?p {document} }}")
    assert ask(snapshot, "municipality:lieksa a av:Municipality")


def test_a_fact_two_documents_support_loses_only_the_removed_documents_evidence(store, projection):
    store.ingest(w.reitit())
    store.ingest(w.polku())
    projection.sync(store)
    store.remove_document("hankkeet/metsaosaajien_polku.txt")
    snapshot = read(projection, store)
    documents = {row[0] for row in select(snapshot, "SELECT ?d WHERE { municipality:lieksa prov:wasDerivedFrom ?d }")}
    assert documents == {f"{BASE}/id/document/{w.reitit().document.id}"}
    assert not ask(snapshot, "project:metsaosaajien-polku ?p ?o")


def test_extractors_no_fact_cites_any_more_are_dropped(store, projection):
    store.ingest(w.kouvola())
    projection.sync(store)
    store.remove_document("hankkeet/logistiikan_kasvupolku.txt")
    snapshot = read(projection, store)
    assert not ask(snapshot, "?agent a prov:SoftwareAgent")


def test_a_lost_cursor_means_a_full_rebuild_that_misses_nothing(store, projection, tmp_path):
    w.fill(store)
    projection.sync(store)
    with projection.disk.writer() as live:
        live.store.remove_graph(META_GRAPH)
        live.store.remove_graph(ox.NamedNode(f"{BASE}/id/project/logistiikan-kasvupolku"))  # damage it too
    store.ingest(w.extraction("Iitti on kunta.", "iitti.txt", [(w.K.MUNICIPALITY, "Iitti")]))
    rebuilt = all_quads(read(projection, store))
    assert rebuilt == all_quads(read(fresh_projection(tmp_path), store))
    assert ask(read(projection, store), "project:logistiikan-kasvupolku a schema:Project . municipality:iitti a av:Municipality")


def test_replaying_changes_after_a_crash_gives_the_same_triples(store, projection):
    store.ingest(w.reitit())
    projection.sync(store)
    store.ingest(w.polku())
    store.remove_document("hankkeet/vaarojen_matkailureitit.txt")
    expected = all_quads(read(projection, store))
    # A crash after applying the changes but before moving the cursor: the next sync applies them again.
    with projection.disk.writer() as live:
        write_meta(live.store, 1, projection.fingerprint)
    store.ingest(w.network())
    store.remove_document("verkostot/vaara-suomi.txt")
    assert all_quads(read(projection, store)) == expected


def test_incremental_sync_and_full_rebuild_give_the_same_triples(store, projection, tmp_path):
    store.ingest(w.reitit())
    projection.sync(store)
    store.ingest(w.polku())
    projection.sync(store)
    store.ingest(w.network())
    store.ingest(w.kouvola())
    store.remove_document("hankkeet/metsaosaajien_polku.txt")
    incremental = all_quads(read(projection, store))
    assert all_quads(read(fresh_projection(tmp_path), store)) == incremental


def test_bulk_ingest_asks_for_a_full_rebuild(store, projection):
    projection.sync(store)
    store.ingest_many([w.reitit(), w.kouvola()])
    assert store.changes_since(store.last_change() - 1)[0].item_kind == "all"
    assert ask(read(projection, store), "project:logistiikan-kasvupolku a schema:Project")


def test_a_new_base_iri_rebuilds_with_new_identifiers(store, projection, settings):
    store.ingest(w.kouvola())
    projection.sync(store)
    moved = RdfProjection(settings.model_copy(update={"base_iri": "https://alueverkko.example.fi/"}))
    snapshot = read(moved, store)
    assert bool(snapshot.query("ASK { <https://alueverkko.example.fi/id/municipality/kouvola> ?p ?o }",
                               use_default_graph_as_union=True))
    assert not bool(snapshot.query(f"ASK {{ <{BASE}/id/municipality/kouvola> ?p ?o }}", use_default_graph_as_union=True))


def test_old_snapshots_are_collected_once_superseded_and_unused(store, projection):
    store.ingest(w.reitit())
    projection.sync(store)
    store.ingest(w.kouvola())
    projection.sync(store)
    assert len(projection.disk.snapshots()) == 2
    removed = projection.disk.collect_garbage(projection.fingerprint, grace_s=0)
    assert len(removed) == 1
    assert [s.cursor for s in projection.disk.snapshots()] == [store.last_change()]


def test_the_projection_is_registered_as_rdf_and_synced_by_sync_all(store, settings):
    assert projections.REGISTRY["rdf"] == "alueverkko.graph.rdf.projection:projection"
    store.ingest(w.kouvola())
    assert projections.sync_all(store, settings)["rdf"] == store.last_change()


# -- shared (hub) nodes: a small upload touching facts that thousands of documents cite ----------
def hub_document(n: int):
    """A small project page citing the fund and the municipality that every other one cites too."""
    text = (f"Euroopan aluekehitysrahasto rahoittaa Kyläreitti {n} -hanketta. Lieksa osallistuu hankkeeseen "
            f"kyläyhdistysten kanssa.")
    return w.extraction(text, f"hankkeet/kylareitti_{n:02d}.txt", [
        (w.K.FUND, "Euroopan aluekehitysrahasto"), (w.K.PROJECT, f"Kyläreitti {n}"), (w.K.MUNICIPALITY, "Lieksa")],
        [(0, w.R.FUNDS, 1), (2, w.R.PARTICIPATES_IN, 1)])


def described_documents(snapshot: ox.Store) -> set[str]:
    return {row[0] for row in select(snapshot, "SELECT ?d WHERE { ?d a foaf:Document }")}


def live_quads(projection: RdfProjection) -> set:
    with projection.disk.writer() as live:
        return all_quads(live.store)


def test_a_document_citing_hub_nodes_many_others_cite_syncs_like_a_full_rebuild(store, projection, tmp_path):
    for n in range(12):
        store.ingest(hub_document(n))
    projection.sync(store)
    store.ingest(w.reitit())  # cites the fund and Lieksa, which twelve documents cite already
    incremental = read(projection, store)
    assert all_quads(incremental) == all_quads(read(fresh_projection(tmp_path / "first"), store))
    assert len(described_documents(incremental)) == 13
    assert ask(incremental, f"municipality:lieksa prov:wasDerivedFrom <{BASE}/id/document/{w.reitit().document.id}>")


def test_removing_and_adding_hub_citing_documents_in_one_sync_matches_a_full_rebuild(store, projection, tmp_path):
    for n in range(12):
        store.ingest(hub_document(n))
    store.ingest(w.reitit())
    projection.sync(store)
    store.remove_document(hub_document(3).document.source_path)
    store.ingest(hub_document(12))
    store.remove_document("hankkeet/vaarojen_matkailureitit.txt")
    incremental = read(projection, store)
    assert all_quads(incremental) == all_quads(read(fresh_projection(tmp_path / "second"), store))
    gone = {f"{BASE}/id/document/{hub_document(3).document.id}", f"{BASE}/id/document/{w.reitit().document.id}"}
    assert len(described_documents(incremental)) == 12
    assert not gone & described_documents(incremental)
    assert ask(incremental, "fund:euroopan-aluekehitysrahasto frapo:funds project:kylareitti-12")


def test_a_sync_cut_short_before_describing_a_new_document_is_repaired_by_the_next(store, projection, tmp_path):
    for n in range(3):
        store.ingest(hub_document(n))
    before = projection.sync(store)
    store.ingest(hub_document(3))
    projection.sync(store)
    # As if the sync had written the facts, then died before describing the new document and moving the cursor.
    with projection.disk.writer() as live:
        live.store.remove_graph(ox.NamedNode(f"{BASE}/id/document/{hub_document(3).document.id}"))
        write_meta(live.store, before, projection.fingerprint)
    projection.sync(store)
    assert live_quads(projection) == all_quads(read(fresh_projection(tmp_path), store))


def test_a_query_while_another_thread_syncs_answers_from_the_last_snapshot_and_says_why(store, settings, caplog):
    projection = RdfProjection(settings, lock_wait_s=0.1)
    store.ingest(w.reitit())
    projection.sync(store)
    store.ingest(w.kouvola())
    with projection.disk.writer(), caplog.at_level(logging.WARNING, logger="alueverkko.rdf"):
        snapshot = projection.snapshot(store)  # the writer is held (as by another request's sync)
    assert snapshot.cursor < store.last_change()
    assert "another sync in this process" in caplog.text
    assert "another alueverkko process" not in caplog.text
