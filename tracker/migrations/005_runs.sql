-- Every ingest run, whatever its outcome, and the rows it refused.
-- Times are UTC.
CREATE TABLE ingest_runs (
    run_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    status VARCHAR NOT NULL,            -- running | succeeded | unchanged | failed | abandoned
    releases_added INTEGER NOT NULL DEFAULT 0,
    rows_added BIGINT NOT NULL DEFAULT 0,
    rows_unchanged BIGINT NOT NULL DEFAULT 0,
    rows_quarantined BIGINT NOT NULL DEFAULT 0,
    error VARCHAR,
    pid INTEGER,
    host VARCHAR
);
CREATE TABLE quarantine (
    run_id VARCHAR,
    release_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,
    column_name VARCHAR NOT NULL,
    expected VARCHAR NOT NULL,
    got VARCHAR,
    reason VARCHAR NOT NULL,
    row_json JSON,
    quarantined_at TIMESTAMP NOT NULL
);
