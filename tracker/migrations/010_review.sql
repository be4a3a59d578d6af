-- Figures an ingest held for review (confidence under its threshold) instead of appending them.
-- Each belongs to a release that is recorded whole (raw bytes, provenance) even when every figure
-- is held. No PRIMARY KEY / UNIQUE (DuckLake enforces none): held_id derives from the release and
-- the figure, and tracker/store/review.py never inserts an id twice nor decides a figure twice.
CREATE TABLE held_figures (
    held_id VARCHAR NOT NULL,           -- 'H' + 11 hex digits of a hash of release and figure
    release_id VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    "cluster" VARCHAR,
    measure VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    value DOUBLE,                       -- in the base unit, as the extractor read it
    unit VARCHAR,
    value_as_published DOUBLE,
    unit_as_published VARCHAR,
    qualifier VARCHAR,
    status VARCHAR,
    locator_kind VARCHAR,
    locator VARCHAR,
    quote VARCHAR,
    quote_start INTEGER,
    quote_end INTEGER,
    rule VARCHAR,                       -- the extraction handler that read the figure
    confidence DOUBLE NOT NULL,         -- 0..1
    held_at TIMESTAMPTZ NOT NULL,
    decision VARCHAR NOT NULL,          -- pending | accepted | rejected
    decided_at TIMESTAMPTZ,
    decided_by VARCHAR,
    reason VARCHAR,                     -- why it was rejected
    obs_id BIGINT                       -- the observation an accept added (null: none was new)
);
