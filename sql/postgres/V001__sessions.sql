-- Per-session and per-call summaries, kept by ingest (exactly once, see README "Sessions") and
-- recomputed by `somactl sessions rebuild`. ${schema} is the ClickHouse database's name.
-- Money is numeric(38,12), as Decimal(38,12) in ClickHouse: exact.

-- One row per (tenant, session_id): every event of the session in any of the six tables.
CREATE TABLE IF NOT EXISTS ${schema}.sessions
(
    tenant text NOT NULL,
    session_id text NOT NULL,
    persona text NOT NULL,
    first_event_at timestamptz(3) NOT NULL,
    last_event_at timestamptz(3) NOT NULL,
    events bigint NOT NULL,
    -- priced events: SLM requests + escalations + voice turns
    requests bigint NOT NULL,
    input_tokens bigint NOT NULL,
    cached_read_tokens bigint NOT NULL,
    cached_write_tokens bigint NOT NULL,
    output_tokens bigint NOT NULL,
    reasoning_tokens bigint NOT NULL,
    cost_usd numeric(38, 12) NOT NULL,
    -- each response (priced event) in order of time: when, kind (slm, escalation, voice), model, cost
    response_at timestamptz(3)[] NOT NULL,
    response_kinds text[] NOT NULL,
    response_models text[] NOT NULL,
    response_costs numeric(38, 12)[] NOT NULL,
    models text[] NOT NULL,
    escalations bigint NOT NULL,
    -- sum of the escalations' estimated extra cost (those whose replaced model is known)
    escalation_extra_cost_usd numeric(38, 12) NOT NULL,
    policy_blocks bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, session_id)
);
CREATE INDEX IF NOT EXISTS sessions_last_event_at ON ${schema}.sessions (last_event_at);

-- One row per escalation event: the model it replaced (the SLM of the same tenant and request) priced
-- with the escalation's tokens, and the difference. NULL when the request's SLM row is not stored
-- (yet) or its model has no price then.
CREATE TABLE IF NOT EXISTS ${schema}.session_escalations
(
    tenant text NOT NULL,
    event_id uuid NOT NULL,
    session_id text NOT NULL,
    persona text NOT NULL,
    at timestamptz(3) NOT NULL,
    request_id text NOT NULL,
    from_model text,
    to_model text NOT NULL,
    input_tokens bigint NOT NULL,
    output_tokens bigint NOT NULL,
    reasoning_tokens bigint NOT NULL,
    cost_usd numeric(38, 12) NOT NULL,
    replaced_cost_usd numeric(38, 12),
    extra_cost_usd numeric(38, 12),
    PRIMARY KEY (tenant, event_id)
);
CREATE INDEX IF NOT EXISTS session_escalations_session ON ${schema}.session_escalations (tenant, session_id);
CREATE INDEX IF NOT EXISTS session_escalations_at ON ${schema}.session_escalations (at);

-- One row per voice call: what `calls show` summarizes (calls.CallSummaries).
CREATE TABLE IF NOT EXISTS ${schema}.call_summaries
(
    call_id text PRIMARY KEY,
    tenant text NOT NULL,
    persona text NOT NULL,
    session_id text NOT NULL,
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL,
    turns bigint NOT NULL,
    input_tokens bigint NOT NULL,
    output_tokens bigint NOT NULL,
    stt_seconds double precision NOT NULL,
    tts_characters bigint NOT NULL,
    media_seconds double precision NOT NULL,
    interruptions bigint NOT NULL,
    outcome text,
    outcome_confidence double precision,
    sentiment_avg double precision,
    cost_stt_usd numeric(38, 12) NOT NULL,
    cost_llm_usd numeric(38, 12) NOT NULL,
    cost_tts_usd numeric(38, 12) NOT NULL,
    cost_media_usd numeric(38, 12) NOT NULL,
    cost_usd numeric(38, 12) NOT NULL,
    pricing_versions text[] NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per source partition (a Kafka topic's, or a replayed file's `file:<sha16>` with partition 0), the
-- highest offset whose row the summaries above include; written in the same transaction as they are.
CREATE TABLE IF NOT EXISTS ${schema}.applied_offsets
(
    source_topic text NOT NULL,
    source_partition integer NOT NULL,
    applied_offset bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source_topic, source_partition)
);
