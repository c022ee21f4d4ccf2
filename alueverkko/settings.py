"""One typed settings object: defaults, descriptions, validation at start-up.

Values come from arguments, then ``ALUEVERKKO_*`` environment variables, then
the defaults below. Nothing else in the code reads the environment.

>>> Settings(data_dir="x").store_path.name
'alueverkko.sqlite'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ALUEVERKKO_", extra="forbid")

    data_dir: Path = Field(Path("alueverkko-data"), description="Folder of the durable store and engine files.")
    base_iri: str = Field("http://127.0.0.1:8000", description="Base of the stable HTTP identifiers /id/{kind}/{slug}.")
    api_key: SecretStr | None = Field(None, description="Key that writes (upload, delete, re-ingest) require; writes are refused while unset.")
    read_api_key: SecretStr | None = Field(None, description="When set, reads need this key (or the write key) too.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS; empty means closed.")
    max_upload_bytes: int = Field(20 * 1024 * 1024, gt=0, description="Largest request body of a document upload (POST /api/documents).")
    max_request_bytes: int = Field(1024 * 1024, gt=0, description="Largest body of any other request (POST /api/cypher, /sparql, /api/partners ...); larger bodies are refused with 413 before they are read.")
    max_document_bytes: int = Field(50 * 1024 * 1024, gt=0, description="Largest document file the loaders read.")
    max_unpacked_bytes: int = Field(200 * 1024 * 1024, gt=0, description="Largest total uncompressed size of a DOCX or XLSX (a zip archive) the loaders open; guards against zip bombs.")
    max_compression_ratio: float = Field(200.0, gt=1, description="Largest ratio of uncompressed to compressed size of a DOCX or XLSX over 10 MiB unpacked; a higher one is refused as a zip bomb.")
    extract_time_limit_s: float = Field(300.0, gt=0, description="Time limit of reading and extracting one document (an ingest run or an upload); a document still running then is stopped (its extraction process killed) and reported as failed, and an ingest run goes on with the next file.")
    extract_memory_limit_mb: int = Field(4096, ge=256, description="Most memory (address space) the process that reads and extracts documents (ingest runs and uploads) may use; a document needing more (a PDF whose streams unpack to gigabytes) is reported as failed and the run goes on.")
    column_mapping: Path | None = Field(None, description="JSON file mapping spreadsheet column headers to field names (e.g. {\"Rahoittaja\": \"Rahoittajat\"}), for CSV and XLSX files that have no <name>.mapping.json beside them.")
    query_timeout_s: float = Field(5.0, gt=0, description="Time limit of one user Cypher or SPARQL query.")
    query_row_cap: int = Field(1000, gt=0, description="Most rows one user query returns; more is flagged as truncated.")
    sparql_workers: int = Field(2, ge=1, le=32, description="Worker processes that run SPARQL queries; a query over its time limit is stopped by killing its worker.")
    rdf_description_cap: int = Field(20000, gt=0, description="Most triples one /id/... description returns (the row cap of CONSTRUCT answers there); more is flagged as truncated.")
    cypher_backend: str = Field("falkordb", pattern="^(falkordb|neo4j)$", description="Cypher engine: embedded falkordb or neo4j.")
    neo4j_uri: str = Field("bolt://127.0.0.1:7687", description="Bolt URI of the Neo4j server.")
    neo4j_user: str = Field("neo4j", description="Neo4j user name.")
    neo4j_password: SecretStr = Field(SecretStr("neo4j"), description="Neo4j password.")
    neo4j_database: str = Field("neo4j", description="Neo4j database name.")
    neo4j_connect_timeout_s: float = Field(5.0, gt=0, description="How long to wait for Neo4j to answer before a query fails as backend_unavailable.")
    falkordb_sync_timeout_s: float = Field(120.0, gt=0, description="How long one write of a sync into the embedded FalkorDB may wait for an answer; a server silent that long is treated as hung, killed and started again on the next use.")
    falkordb_query_memory_mb: int = Field(1024, gt=0, description="Most memory one query may use in the embedded FalkorDB (its QUERY_MEM_CAPACITY); more fails the query.")
    language: str = Field("fi", pattern="^(fi|en)$", description="Default UI language.")
    search_max_candidates: int = Field(2000, gt=0, description="Search: most matching names ranked per tier of one query; beyond it the total is reported as a lower bound.")
    entity_relations_per_group: int = Field(200, gt=0, description="Most relations an entity page lists per relation type and direction; the rest are counted and flagged as truncated.")
    evidence_per_fact: int = Field(10, gt=0, description="Most evidence spans an entity page lists per fact (its mentions, each relation); the rest are counted.")
    neighbourhood_max_nodes: int = Field(300, gt=0, description="Most nodes a neighbourhood subgraph (/api/entities/{id}/neighbourhood) returns; a larger one is cut and flagged as capped.")
    map_node_budget: int = Field(2000, gt=0, description="Most nodes one collaboration map (/maps/...) shows; a larger map is reduced to the nearest and most connected nodes, with a note on the map saying so and how to narrow it.")
    map_physics_max_nodes: int = Field(300, ge=0, description="Maps with more nodes than this are drawn at the positions the server computed, with the browser's physics simulation off.")
    use_spacy: bool = Field(True, description="Run the Finnish spaCy model for people and organisations the rules miss.")
    partner_weight_topic: float = Field(0.35, ge=0, description="Partner finder: weight of topic similarity.")
    partner_weight_proximity: float = Field(0.5, ge=0, description="Partner finder: weight of graph proximity (to the region and to the partners on board); when neither is given, the other weights share its part.")
    partner_weight_role: float = Field(0.10, ge=0, description="Partner finder: weight of role history.")
    partner_weight_recency: float = Field(0.05, ge=0, description="Partner finder: weight of recency.")
    partner_recency_half_life_years: float = Field(4.0, gt=0, description="Partner finder: an actor's latest similar work counts half as recent this many years before the newest year in the graph.")
    partner_use_vectors: bool = Field(True, description="Partner finder: widen an idea to related words with the Finnish spaCy model's word vectors.")
    partner_vector_threshold: float = Field(0.62, ge=0, le=1, description="Partner finder: least cosine similarity of a related word used to widen an idea.")
    partner_vector_neighbours: int = Field(3, ge=0, description="Partner finder: most related words added per word of the idea.")
    partner_index_persist: bool = Field(True, description="Partner finder: keep the partner index on disk (DATA/partners/) so a new process need not rebuild it.")
    partner_index_dir: Path | None = Field(None, description="Partner finder: folder of the stored partner index; default DATA/partners.")
    partner_index_incremental_limit: int = Field(20_000, ge=0, description="Partner finder: more store changes than this since the last sync rebuild the index instead of updating it.")
    partner_index_save_every: int = Field(500, ge=0, description="Partner finder: a catch-up writes the index to disk only when it holds at least this many store changes more than the stored copy (a rebuild is always written; 0 writes after every catch-up). Writing is a pickle of the whole index (68 MB on world M, 660 MB on L) that holds the interpreter for seconds; a new process catches up from the stored copy, so a stale one costs only that catch-up. Keep it below partner_index_incremental_limit.")
    partner_index_wait_seconds: float = Field(2.0, ge=0, description="Partner finder: how long a request waits for the partner index to catch up with recent store changes before it answers from the previous index (saying how many changes it lacks) while the catch-up goes on in the background.")
    partner_context_documents: int = Field(2000, ge=0, description="Partner finder: most documents read, per sync, for the paragraphs around projects whose evidence quotes say little.")

    @property
    def store_path(self) -> Path:
        return self.data_dir / "alueverkko.sqlite"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
