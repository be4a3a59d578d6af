-- Answers you can trust: instants as UTC-aware timestamps, a source rank per release, and
-- release events (withdrawals, corrected descriptions) recorded beside the releases, never as
-- deletes. Still no PRIMARY KEY / UNIQUE: identity stays in the ingest logic.
ALTER TABLE releases ALTER date_accessed SET DATA TYPE TIMESTAMPTZ
    USING timezone('UTC', date_accessed);
ALTER TABLE releases ALTER ingested_at SET DATA TYPE TIMESTAMPTZ
    USING timezone('UTC', ingested_at);
ALTER TABLE ingest_runs ALTER started_at SET DATA TYPE TIMESTAMPTZ
    USING timezone('UTC', started_at);
ALTER TABLE ingest_runs ALTER ended_at SET DATA TYPE TIMESTAMPTZ
    USING timezone('UTC', ended_at);
ALTER TABLE quarantine ALTER quarantined_at SET DATA TYPE TIMESTAMPTZ
    USING timezone('UTC', quarantined_at);
-- Derived from the source rankings in force (ingest/source_rankings.toml or the warehouse's
-- own); 1 answers first. Filled in by the migration step that follows (rankings.fill) and
-- re-derived for every release when the rankings change.
ALTER TABLE releases ADD COLUMN source_rank INTEGER;
ALTER TABLE releases ADD COLUMN source_tier VARCHAR;
CREATE TABLE release_events (
    event_id VARCHAR NOT NULL,
    release_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,              -- withdrawn | corrected
    reason VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,             -- who: a person, or the ingester that saw the change
    recorded_at TIMESTAMPTZ NOT NULL,   -- transaction time: known_at before it ignores the event
    effective_from DATE,                -- as_of on or after it no longer sees the release;
                                        -- NULL: never did (a corrected description)
    replaced_by VARCHAR,                -- the release that corrects this one
    details JSON
);
-- The warehouse's own source rankings, when someone loaded them (tracker rankings --load);
-- empty means the repository's default file is in force.
CREATE TABLE source_rankings (
    loaded_at TIMESTAMPTZ NOT NULL,
    origin VARCHAR NOT NULL,
    rules JSON NOT NULL
);
