-- One row per source document or payload. No PRIMARY KEY / UNIQUE: DuckLake does not enforce
-- them, so identity (source_id, sha256) is kept by the ingest logic (anti-joins).
CREATE TABLE releases (
    release_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,              -- figures | targets
    source_id VARCHAR NOT NULL,         -- the declared source, or the ad-hoc ingester name
    publisher VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    url_main VARCHAR,
    url_download VARCHAR,
    date_published DATE NOT NULL,
    published_approximate BOOLEAN NOT NULL,
    date_accessed TIMESTAMP NOT NULL,
    license VARCHAR,
    doc_number VARCHAR,
    grade VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    raw_path VARCHAR NOT NULL,          -- relative to raw/ beside the database file
    media_type VARCHAR,
    ingester VARCHAR NOT NULL,
    ingester_version VARCHAR NOT NULL,
    run_id VARCHAR,
    ingested_at TIMESTAMP NOT NULL,
    extra JSON
);
