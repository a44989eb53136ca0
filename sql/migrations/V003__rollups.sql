-- V003: hourly rollups for `somactl aggregate`, one per base table, each fed by a materialized view.
--
-- A rollup row is one UTC hour of one group (tenant, persona, and what else the base table carries).
-- Columns hold AggregateFunction states (AggregatingMergeTree): sums over UInt64 and Decimal(38, 12)
-- merge exactly, latency percentiles merge as t-digests. Query them with the -Merge functions and
-- GROUP BY (rows of one key are merged in the background, not at once); somactl aggregate does.
--
-- The views see only rows inserted after they exist. Rows already in the base tables (and rows of a
-- view that was down or dropped) are added with `somactl aggregate backfill`, which rebuilds whole
-- months of every rollup from the base tables with the same SELECT as the views (stop ingest first).
-- Each view's SELECT is exactly RollupSource.select in core; RollupDefinitionsTest checks it.
--
-- Runs on ClickHouse 18.16.1 and current releases: 18.16 needs every target column from the view
-- (no defaults for missing ones) and identical types, hence one rollup per base table.

-- rollup_slm_hourly: from slm_metrics
CREATE TABLE IF NOT EXISTS ${database}.rollup_slm_hourly ${on_cluster}
(
    hour DateTime,
    tenant LowCardinality(String),
    persona LowCardinality(String),
    model LowCardinality(String),
    role LowCardinality(String),
    deployment_mode LowCardinality(String),
    requests AggregateFunction(count),
    input_tokens_sum AggregateFunction(sum, UInt64),
    output_tokens_sum AggregateFunction(sum, UInt64),
    total_tokens_sum AggregateFunction(sum, UInt64),
    cost_usd_sum AggregateFunction(sum, Decimal(38, 12)),
    latency_ms_quantiles AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float64),
    queue_delay_ms_sum AggregateFunction(sum, Float64),
    queue_delay_ms_count AggregateFunction(sum, UInt64),
    gpu_utilization_sum AggregateFunction(sum, Float64),
    gpu_utilization_count AggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, tenant, persona, model, role, deployment_mode);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.rollup_slm_hourly_mv ${on_cluster}
TO ${database}.rollup_slm_hourly
AS SELECT
    toDateTime(intDiv(toUInt32(ts), 3600) * 3600) AS hour,
    tenant,
    persona,
    model_id AS model,
    role,
    deployment_mode,
    countState() AS requests,
    sumState(input_tokens) AS input_tokens_sum,
    sumState(output_tokens) AS output_tokens_sum,
    sumState(input_tokens + ifNull(cached_input_read_tokens, 0) + ifNull(cached_input_write_tokens, 0) + output_tokens + ifNull(reasoning_tokens, 0)) AS total_tokens_sum,
    sumState(cost_usd) AS cost_usd_sum,
    quantilesTDigestState(0.5, 0.95, 0.99)(latency_ms) AS latency_ms_quantiles,
    sumState(ifNull(queue_delay_ms, 0)) AS queue_delay_ms_sum,
    sumState(toUInt64(isNotNull(queue_delay_ms))) AS queue_delay_ms_count,
    sumState(ifNull(gpu_utilization, 0)) AS gpu_utilization_sum,
    sumState(toUInt64(isNotNull(gpu_utilization))) AS gpu_utilization_count
FROM ${database}.slm_metrics
GROUP BY hour, tenant, persona, model, role, deployment_mode;

-- rollup_escalation_hourly: from escalation_metrics
CREATE TABLE IF NOT EXISTS ${database}.rollup_escalation_hourly ${on_cluster}
(
    hour DateTime,
    tenant LowCardinality(String),
    persona LowCardinality(String),
    model LowCardinality(String),
    escalations AggregateFunction(count),
    fallbacks AggregateFunction(sum, UInt64),
    errors AggregateFunction(sum, UInt64),
    input_tokens_sum AggregateFunction(sum, UInt64),
    output_tokens_sum AggregateFunction(sum, UInt64),
    total_tokens_sum AggregateFunction(sum, UInt64),
    cost_usd_sum AggregateFunction(sum, Decimal(38, 12))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, tenant, persona, model);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.rollup_escalation_hourly_mv ${on_cluster}
TO ${database}.rollup_escalation_hourly
AS SELECT
    toDateTime(intDiv(toUInt32(ts), 3600) * 3600) AS hour,
    tenant,
    persona,
    oss_model_id AS model,
    countState() AS escalations,
    sumState(toUInt64(outcome = 'fallback')) AS fallbacks,
    sumState(toUInt64(outcome = 'error')) AS errors,
    sumState(input_tokens) AS input_tokens_sum,
    sumState(output_tokens) AS output_tokens_sum,
    sumState(input_tokens + output_tokens + ifNull(reasoning_tokens, 0)) AS total_tokens_sum,
    sumState(cost_usd) AS cost_usd_sum
FROM ${database}.escalation_metrics
GROUP BY hour, tenant, persona, model;

-- rollup_voice_hourly: from conversation_metrics (voice turns only)
CREATE TABLE IF NOT EXISTS ${database}.rollup_voice_hourly ${on_cluster}
(
    hour DateTime,
    tenant LowCardinality(String),
    persona LowCardinality(String),
    turns AggregateFunction(count),
    input_tokens_sum AggregateFunction(sum, UInt64),
    output_tokens_sum AggregateFunction(sum, UInt64),
    total_tokens_sum AggregateFunction(sum, UInt64),
    cost_usd_sum AggregateFunction(sum, Decimal(38, 12))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, tenant, persona);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.rollup_voice_hourly_mv ${on_cluster}
TO ${database}.rollup_voice_hourly
AS SELECT
    toDateTime(intDiv(toUInt32(ts), 3600) * 3600) AS hour,
    tenant,
    persona,
    countState() AS turns,
    sumState(ifNull(input_tokens, 0)) AS input_tokens_sum,
    sumState(ifNull(output_tokens, 0)) AS output_tokens_sum,
    sumState(ifNull(input_tokens, 0) + ifNull(output_tokens, 0)) AS total_tokens_sum,
    sumState(cost_usd) AS cost_usd_sum
FROM ${database}.conversation_metrics
WHERE channel = 'voice'
GROUP BY hour, tenant, persona;

-- rollup_tool_hourly: from tool_metrics
CREATE TABLE IF NOT EXISTS ${database}.rollup_tool_hourly ${on_cluster}
(
    hour DateTime,
    tenant LowCardinality(String),
    persona LowCardinality(String),
    calls AggregateFunction(count),
    successes AggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, tenant, persona);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.rollup_tool_hourly_mv ${on_cluster}
TO ${database}.rollup_tool_hourly
AS SELECT
    toDateTime(intDiv(toUInt32(ts), 3600) * 3600) AS hour,
    tenant,
    persona,
    countState() AS calls,
    sumState(toUInt64(success)) AS successes
FROM ${database}.tool_metrics
GROUP BY hour, tenant, persona;

-- rollup_policy_hourly: from policy_events
CREATE TABLE IF NOT EXISTS ${database}.rollup_policy_hourly ${on_cluster}
(
    hour DateTime,
    tenant LowCardinality(String),
    persona LowCardinality(String),
    decisions AggregateFunction(count),
    blocks AggregateFunction(sum, UInt64),
    overrides AggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, tenant, persona);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.rollup_policy_hourly_mv ${on_cluster}
TO ${database}.rollup_policy_hourly
AS SELECT
    toDateTime(intDiv(toUInt32(ts), 3600) * 3600) AS hour,
    tenant,
    persona,
    countState() AS decisions,
    sumState(toUInt64(verdict = 'block')) AS blocks,
    sumState(toUInt64(verdict = 'override')) AS overrides
FROM ${database}.policy_events
GROUP BY hour, tenant, persona;

-- rollup_audio_hourly: from audio_metrics
CREATE TABLE IF NOT EXISTS ${database}.rollup_audio_hourly ${on_cluster}
(
    hour DateTime,
    tenant LowCardinality(String),
    persona LowCardinality(String),
    events AggregateFunction(count),
    wer_sum AggregateFunction(sum, Float64),
    wer_count AggregateFunction(sum, UInt64),
    cer_sum AggregateFunction(sum, Float64),
    cer_count AggregateFunction(sum, UInt64),
    mos_sum AggregateFunction(sum, Float64),
    mos_count AggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (hour, tenant, persona);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.rollup_audio_hourly_mv ${on_cluster}
TO ${database}.rollup_audio_hourly
AS SELECT
    toDateTime(intDiv(toUInt32(ts), 3600) * 3600) AS hour,
    tenant,
    persona,
    countState() AS events,
    sumState(ifNull(wer, 0)) AS wer_sum,
    sumState(toUInt64(isNotNull(wer))) AS wer_count,
    sumState(ifNull(cer, 0)) AS cer_sum,
    sumState(toUInt64(isNotNull(cer))) AS cer_count,
    sumState(ifNull(mos_lqo, 0)) AS mos_sum,
    sumState(toUInt64(isNotNull(mos_lqo))) AS mos_count
FROM ${database}.audio_metrics
GROUP BY hour, tenant, persona;
