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
    max_upload_bytes: int = Field(20 * 1024 * 1024, gt=0, description="Largest request body accepted.")
    max_document_bytes: int = Field(50 * 1024 * 1024, gt=0, description="Largest document file the loaders read.")
    max_unpacked_bytes: int = Field(200 * 1024 * 1024, gt=0, description="Largest total uncompressed size of a DOCX or XLSX (a zip archive) the loaders open; guards against zip bombs.")
    max_compression_ratio: float = Field(200.0, gt=1, description="Largest ratio of uncompressed to compressed size of a DOCX or XLSX over 10 MiB unpacked; a higher one is refused as a zip bomb.")
    column_mapping: Path | None = Field(None, description="JSON file mapping spreadsheet column headers to field names (e.g. {\"Rahoittaja\": \"Rahoittajat\"}), for CSV and XLSX files that have no <name>.mapping.json beside them.")
    query_timeout_s: float = Field(5.0, gt=0, description="Time limit of one user Cypher or SPARQL query.")
    query_row_cap: int = Field(1000, gt=0, description="Most rows one user query returns; more is flagged as truncated.")
    cypher_backend: str = Field("falkordb", pattern="^(falkordb|neo4j)$", description="Cypher engine: embedded falkordb or neo4j.")
    neo4j_uri: str = Field("bolt://127.0.0.1:7687", description="Bolt URI of the Neo4j server.")
    neo4j_user: str = Field("neo4j", description="Neo4j user name.")
    neo4j_password: SecretStr = Field(SecretStr("neo4j"), description="Neo4j password.")
    neo4j_database: str = Field("neo4j", description="Neo4j database name.")
    language: str = Field("fi", pattern="^(fi|en)$", description="Default UI language.")
    use_spacy: bool = Field(True, description="Run the Finnish spaCy model for people and organisations the rules miss.")
    partner_weight_topic: float = Field(0.5, ge=0, description="Partner finder: weight of topic similarity.")
    partner_weight_proximity: float = Field(0.25, ge=0, description="Partner finder: weight of graph proximity.")
    partner_weight_role: float = Field(0.15, ge=0, description="Partner finder: weight of role history.")
    partner_weight_recency: float = Field(0.10, ge=0, description="Partner finder: weight of recency.")

    @property
    def store_path(self) -> Path:
        return self.data_dir / "alueverkko.sqlite"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
