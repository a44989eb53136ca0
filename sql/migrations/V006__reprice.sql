-- V006: the registry of billing exports and the audit of `somactl reprice`.
--   billing_exports  one row per successful `export billing`: its period, tenants, grain and grouping (enough
--                    to run its query again), file, SHA-256 and totals. `reprice` refuses to change the costs of
--                    an exported period without --include-exported, and lists the exports whose totals no
--                    longer match ClickHouse after it (finance re-issues them).
--   reprice_runs     one row when a reprice starts (status started) and one when it is done (status done), with
--                    who ran it, the range, filters, catalog identity (version and SHA-256 of its canonical form)
--                    and what a re-run needs to finish one cut short: the tenants whose Redis counters it
--                    recounts and the rollup hours it rebuilds. A started run without a done row is unfinished.
--   reprice_audit    the difference a run makes per tenant and model: events, changed events, old and new cost.
-- Amounts are Decimal(38, 12) USD. Runs on ClickHouse 18.16.1 and current releases.

CREATE TABLE IF NOT EXISTS ${database}.billing_exports ${on_cluster}
(
    export_id String,
    created_at DateTime,
    created_by String,
    -- the file written ('-' for standard output), its format and SHA-256
    file String,
    format LowCardinality(String),
    sha256 String,
    since DateTime,
    until DateTime,
    -- hour, day or month; the dimensions grouped by; the tenants exported (empty: all)
    grain LowCardinality(String),
    group_by Array(String),
    tenants Array(String),
    rows UInt64,
    requests UInt64,
    cost_usd Decimal(38, 12),
    pricing_version String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(since)
ORDER BY (since, until, export_id);

CREATE TABLE IF NOT EXISTS ${database}.reprice_runs ${on_cluster}
(
    reprice_id String,
    ts DateTime,
    -- started or done
    status LowCardinality(String),
    actor String,
    since DateTime,
    until DateTime,
    tenants Array(String),
    models Array(String),
    catalog_version String,
    catalog_sha256 String,
    include_exported UInt8,
    events UInt64,
    changed UInt64,
    old_cost_usd Decimal(38, 12),
    new_cost_usd Decimal(38, 12),
    -- started: the tenants recounted in Redis and the rollup keys rebuilt (table, hour, tenant, model), one per line
    recount_tenants Array(String),
    rollup_keys String,
    -- done: the exports whose totals no longer match ClickHouse, one per line
    exports_changed String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (reprice_id, ts);

CREATE TABLE IF NOT EXISTS ${database}.reprice_audit ${on_cluster}
(
    reprice_id String,
    ts DateTime,
    actor String,
    tenant LowCardinality(String),
    model LowCardinality(String),
    events UInt64,
    changed UInt64,
    old_cost_usd Decimal(38, 12),
    new_cost_usd Decimal(38, 12),
    delta_usd Decimal(38, 12)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (reprice_id, tenant, model);
