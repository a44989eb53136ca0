-- V001: one ClickHouse table per Kafka topic of the SomaAgent event contract.
-- The contract is schemas/<topic>.schema.json. Each table has the same columns in the same order:
--   1. the envelope: event_id, ts + ts_ms, tenant, schema_version
--   2. one column per schema field, with the field's snake_case name. Optional fields are Nullable,
--      so avg() and friends skip events that did not report them.
--   3. on priced tables, cost columns written by ingest: Decimal(38, 12) USD (never Float, sums must be exact),
--      with the pricing_version they were computed with
--   4. ingest provenance: the Kafka record the row came from
--
-- Runs on ClickHouse 18.16.1 and on current releases:
--   * 18.16 has no DateTime64, so ts is a DateTime (whole seconds, UTC) and ts_ms holds its millisecond part.
--   * 18.16 accepts LowCardinality(...) only with the setting allow_experimental_low_cardinality_type = 1
--     (the migration runner, or the server's user profile, must set it. Later releases allow the type by default).
--   * optional strings are Nullable(String) rather than LowCardinality(Nullable(String)), also experimental in 18.16.
--   * free-form JSON objects (slm_snapshot, router) are stored as their JSON text in a String.
--
-- The placeholders database and on_cluster (empty, or ON CLUSTER name) are filled in by the migration runner,
-- which also swaps the MergeTree engine for a replicated one when it runs clustered.

CREATE TABLE IF NOT EXISTS ${database}.slm_metrics ${on_cluster}
(
    event_id UUID,
    ts DateTime,
    -- millisecond part of ts (0..999)
    ts_ms UInt16,
    tenant LowCardinality(String),
    schema_version UInt16,
    model_id LowCardinality(String),
    persona LowCardinality(String),
    role LowCardinality(String),
    deployment_mode LowCardinality(String),
    session_id String,
    request_id String,
    status LowCardinality(String),
    input_tokens UInt64,
    output_tokens UInt64,
    latency_ms Float64,
    cached_input_read_tokens Nullable(UInt64),
    cached_input_write_tokens Nullable(UInt64),
    reasoning_tokens Nullable(UInt64),
    ttft_ms Nullable(Float64),
    queue_delay_ms Nullable(Float64),
    gpu_seconds Nullable(Float64),
    gpu_utilization Nullable(Float64),
    -- cost in USD, priced by ingest from the token counts and gpu_seconds
    cost_input_usd Decimal(38, 12),
    cost_cached_read_usd Decimal(38, 12),
    cost_cached_write_usd Decimal(38, 12),
    cost_output_usd Decimal(38, 12),
    cost_reasoning_usd Decimal(38, 12),
    cost_gpu_usd Decimal(38, 12),
    cost_usd Decimal(38, 12),
    pricing_version LowCardinality(String),
    -- ingest provenance: the Kafka record (topic, partition, offset) this row was written from, and when.
    -- Ingest resumes exactly-once from the highest _offset stored per (_topic, _partition).
    _topic LowCardinality(String),
    _partition UInt32,
    _offset UInt64,
    _ingested_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, event_id);

CREATE TABLE IF NOT EXISTS ${database}.escalation_metrics ${on_cluster}
(
    event_id UUID,
    ts DateTime,
    -- millisecond part of ts (0..999)
    ts_ms UInt16,
    tenant LowCardinality(String),
    schema_version UInt16,
    decision_reason LowCardinality(String),
    oss_model_id LowCardinality(String),
    base_url LowCardinality(String),
    outcome LowCardinality(String),
    persona LowCardinality(String),
    session_id String,
    request_id String,
    latency_ms Float64,
    input_tokens UInt64,
    output_tokens UInt64,
    reasoning_tokens Nullable(UInt64),
    -- JSON text of the free-form objects
    slm_snapshot Nullable(String),
    router Nullable(String),
    -- cost in USD, priced by ingest from the token counts
    cost_input_usd Decimal(38, 12),
    cost_output_usd Decimal(38, 12),
    cost_reasoning_usd Decimal(38, 12),
    cost_usd Decimal(38, 12),
    pricing_version LowCardinality(String),
    -- ingest provenance: the Kafka record (topic, partition, offset) this row was written from, and when.
    -- Ingest resumes exactly-once from the highest _offset stored per (_topic, _partition).
    _topic LowCardinality(String),
    _partition UInt32,
    _offset UInt64,
    _ingested_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, event_id);

CREATE TABLE IF NOT EXISTS ${database}.tool_metrics ${on_cluster}
(
    event_id UUID,
    ts DateTime,
    -- millisecond part of ts (0..999)
    ts_ms UInt16,
    tenant LowCardinality(String),
    schema_version UInt16,
    tool_name LowCardinality(String),
    persona LowCardinality(String),
    session_id String,
    duration_ms Float64,
    -- boolean: 1 = true
    success UInt8,
    policy_verdict LowCardinality(String),
    attachment_count UInt32,
    exit_code Nullable(Int32),
    stdout_bytes Nullable(UInt64),
    stderr_bytes Nullable(UInt64),
    -- ingest provenance: the Kafka record (topic, partition, offset) this row was written from, and when.
    -- Ingest resumes exactly-once from the highest _offset stored per (_topic, _partition).
    _topic LowCardinality(String),
    _partition UInt32,
    _offset UInt64,
    _ingested_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, event_id);

CREATE TABLE IF NOT EXISTS ${database}.conversation_metrics ${on_cluster}
(
    event_id UUID,
    ts DateTime,
    -- millisecond part of ts (0..999)
    ts_ms UInt16,
    tenant LowCardinality(String),
    schema_version UInt16,
    persona LowCardinality(String),
    session_id String,
    channel LowCardinality(String),
    turn_count UInt32,
    streaming_duration_ms Float64,
    requeues UInt32,
    interrupts UInt32,
    -- per-turn voice fields, NULL for text conversations
    call_id Nullable(String),
    turn_index Nullable(UInt32),
    stt_ttfb_ms Nullable(Float64),
    llm_latency_ms Nullable(Float64),
    tts_ttfb_ms Nullable(Float64),
    eou_latency_ms Nullable(Float64),
    stt_seconds Nullable(Float64),
    tts_characters Nullable(UInt64),
    media_seconds Nullable(Float64),
    interruptions Nullable(UInt32),
    input_tokens Nullable(UInt64),
    output_tokens Nullable(UInt64),
    call_outcome Nullable(String),
    call_outcome_confidence Nullable(Float64),
    sentiment_score Nullable(Float64),
    -- cost in USD, priced by ingest from stt_seconds, the LLM tokens, tts_characters and media_seconds
    cost_stt_usd Decimal(38, 12),
    cost_llm_usd Decimal(38, 12),
    cost_tts_usd Decimal(38, 12),
    cost_media_usd Decimal(38, 12),
    cost_usd Decimal(38, 12),
    pricing_version LowCardinality(String),
    -- ingest provenance: the Kafka record (topic, partition, offset) this row was written from, and when.
    -- Ingest resumes exactly-once from the highest _offset stored per (_topic, _partition).
    _topic LowCardinality(String),
    _partition UInt32,
    _offset UInt64,
    _ingested_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, event_id);

CREATE TABLE IF NOT EXISTS ${database}.audio_metrics ${on_cluster}
(
    event_id UUID,
    ts DateTime,
    -- millisecond part of ts (0..999)
    ts_ms UInt16,
    tenant LowCardinality(String),
    schema_version UInt16,
    call_id String,
    session_id String,
    persona LowCardinality(String),
    -- measurements, NULL when not measured (each event has at least one)
    wer Nullable(Float64),
    cer Nullable(Float64),
    mos_lqo Nullable(Float64),
    rms_energy_dbfs Nullable(Float64),
    mic_to_response_latency_ms Nullable(Float64),
    -- ingest provenance: the Kafka record (topic, partition, offset) this row was written from, and when.
    -- Ingest resumes exactly-once from the highest _offset stored per (_topic, _partition).
    _topic LowCardinality(String),
    _partition UInt32,
    _offset UInt64,
    _ingested_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, event_id);

CREATE TABLE IF NOT EXISTS ${database}.policy_events ${on_cluster}
(
    event_id UUID,
    ts DateTime,
    -- millisecond part of ts (0..999)
    ts_ms UInt16,
    tenant LowCardinality(String),
    schema_version UInt16,
    persona LowCardinality(String),
    session_id String,
    request_id String,
    policy_name LowCardinality(String),
    verdict LowCardinality(String),
    policy_latency_ms Float64,
    -- SHA-256 of the constitution, 64 lowercase hex digits
    constitution_hash LowCardinality(String),
    reason Nullable(String),
    -- ingest provenance: the Kafka record (topic, partition, offset) this row was written from, and when.
    -- Ingest resumes exactly-once from the highest _offset stored per (_topic, _partition).
    _topic LowCardinality(String),
    _partition UInt32,
    _offset UInt64,
    _ingested_at DateTime
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (tenant, ts, event_id);
