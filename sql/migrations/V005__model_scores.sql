-- V005: model rankings and anomaly flags, written by `somactl score models` and `score anomalies`.
-- Redis holds the current ranking and flags for routers (one key each); ClickHouse keeps their history.
--   model_scores   one row per model per ranking: its rank (0 when not ranked: too little data or nothing
--                  weighted, with the reason), score and components. A ranking is identified by
--                  (dimension, scope_value, window_start, window_end): running it again for the same window
--                  (cron) replaces its rows (ReplacingMergeTree on computed_at; readers use FINAL), so the
--                  history keeps one ranking per window.
--   anomaly_flags  one row per flagged (subject, metric, hour); the same flag computed again replaces itself.
-- Runs on ClickHouse 18.16.1 and current releases (LowCardinality with the runner's 18.x setting).

CREATE TABLE IF NOT EXISTS ${database}.model_scores ${on_cluster}
(
    window_start DateTime,
    window_end DateTime,
    -- global, tenant, persona or deployment_mode
    dimension LowCardinality(String),
    -- the dimension's value ('' for global)
    scope_value String,
    model LowCardinality(String),
    -- 1 = best; 0 = not ranked
    rank UInt32,
    -- combined score in [0, 1], 0 when not ranked
    score Decimal(18, 6),
    requests UInt64,
    -- JSON: {"component": {"raw": …, "normalized": …, "weight": …}, …}; '' when not ranked
    components String,
    -- why the model is not ranked, '' when it is
    reason String,
    -- JSON of the weights the ranking used
    weights String,
    min_requests UInt64,
    computed_at DateTime
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(window_start)
ORDER BY (dimension, scope_value, window_start, window_end, model);

CREATE TABLE IF NOT EXISTS ${database}.anomaly_flags ${on_cluster}
(
    -- the hour judged (UTC, start)
    hour DateTime,
    -- model or tenant
    subject_kind LowCardinality(String),
    subject String,
    -- latency_p90_ms, cost_per_request, error_rate, wer, refusal_rate
    metric LowCardinality(String),
    value Float64,
    -- the baseline: median of the same hour on previous days, and the robust spread used
    median Float64,
    scale Float64,
    z Float64,
    baseline_hours UInt16,
    events UInt64,
    threshold Float64,
    computed_at DateTime
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(hour)
ORDER BY (subject_kind, subject, metric, hour);
