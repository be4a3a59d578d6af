-- Append-only figures. A later release of the same figure is a new row (a vintage).
-- source_id and date_published are copied from the release so that as-of reads and the
-- per-source deduplication filter one table. series_id is DuckDB's hash() of (indicator, region,
-- measure, cluster): an integer whose zone maps prune row groups, because every append writes its
-- rows sorted by it and `Warehouse.optimize()` re-sorts the whole table.
CREATE TABLE observations (
    obs_id BIGINT NOT NULL,
    series_id UBIGINT NOT NULL,
    release_id VARCHAR NOT NULL,
    source_id VARCHAR NOT NULL,
    date_published DATE NOT NULL,
    indicator VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    "cluster" VARCHAR,
    measure VARCHAR NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    period_type VARCHAR NOT NULL,       -- year | quarter | month | ytd | stock | other
    value DOUBLE NOT NULL,              -- in the base unit
    unit VARCHAR NOT NULL,
    value_as_published DOUBLE,
    unit_as_published VARCHAR,
    qualifier VARCHAR NOT NULL,
    status VARCHAR NOT NULL,            -- SDMX OBS_STATUS
    locator_kind VARCHAR NOT NULL,      -- text | cell | json
    locator VARCHAR NOT NULL,
    quote VARCHAR,
    quote_start INTEGER,
    quote_end INTEGER,
    run_id VARCHAR
);
