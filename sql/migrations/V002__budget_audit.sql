-- V002: the budget audit log and the archive of closed budget windows.
-- Redis holds budgets and counters for now; ClickHouse keeps what must outlive them:
--   budget_audit           who changed what and why: limit changes (set, apply), overrides, resets.
--   budget_window_archive  the totals of each closed calendar window, written by `budget reset`
--                          before it marks the window closed, with the limits in force then.
-- Times are DateTime (UTC seconds); amounts are exact (Decimal(38, 12) USD, integer tokens and GPU micro-seconds).
-- Runs on ClickHouse 18.16.1 and current releases (LowCardinality with the runner's 18.x setting).

CREATE TABLE IF NOT EXISTS ${database}.budget_audit ${on_cluster}
(
    ts DateTime,
    -- random UUID text: one per record
    audit_id String,
    actor String,
    -- limit_set, limit_removed, time_zone_set, override, override_cleared, reset
    action LowCardinality(String),
    tenant LowCardinality(String),
    -- '' for the tenant's own budgets
    persona String,
    -- the limit's id (daily:total-tokens), the period for resets, '' otherwise
    budget String,
    -- one-line descriptions of the value before and after (limit=… window=… warn=… action=…), '' when none
    before String,
    after String,
    reason String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, audit_id);

CREATE TABLE IF NOT EXISTS ${database}.budget_window_archive ${on_cluster}
(
    tenant LowCardinality(String),
    -- '' for the tenant's totals
    persona String,
    -- daily or monthly
    period LowCardinality(String),
    -- the window's id in the tenant's time zone: 2023-11-16 or 2023-11
    window_id String,
    time_zone String,
    -- [window_start, window_end), UTC
    window_start DateTime,
    window_end DateTime,
    requests UInt64,
    input_tokens UInt64,
    output_tokens UInt64,
    total_tokens UInt64,
    cost_usd Decimal(38, 12),
    gpu_micros UInt64,
    -- the scope's limits of this period when the window closed, one per line
    limits String,
    archived_at DateTime,
    archived_by String
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(window_start)
ORDER BY (tenant, period, window_start, persona);
