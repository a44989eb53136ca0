-- Synthetic priced SLM rows for export benchmarks and tests: ${rows} events in the 720 hours from
-- ${start} (unix seconds), each event its own billing group at hourly grain, so the billing export
-- of that month by hour has exactly ${rows} rows. Event n: hour n % 720, group g = n / 720 with
-- tenant g % 100, persona (g / 100) % 100, model g / 10000. Costs are exact Decimal(38, 12) values
-- with all 12 places used; tokens and GPU seconds vary with n. Not real traffic: real traffic comes
-- from the Azure trace (see README, Data attribution).
INSERT INTO ${database}.slm_metrics
    (event_id, ts, ts_ms, tenant, schema_version, model_id, persona, role, deployment_mode, session_id, request_id,
     status, input_tokens, output_tokens, latency_ms, cached_input_read_tokens, reasoning_tokens, gpu_seconds,
     cost_input_usd, cost_output_usd, cost_gpu_usd, cost_usd, pricing_version, _topic, _partition, _offset, _ingested_at)
SELECT
    generateUUIDv4(),
    toDateTime(${start} + (number % 720) * 3600 + intDiv(number, 720) % 3600),
    toUInt16(number % 1000),
    concat('tenant-', toString(intDiv(number, 720) % 100)),
    1,
    concat('soma-slm-', toString(intDiv(number, 7200000))),
    concat('persona-', toString(intDiv(number, 72000) % 100)),
    'responder',
    'self_hosted',
    concat('s', toString(number)),
    concat('r', toString(number)),
    'ok',
    100 + number % 4000,
    10 + number % 700,
    50 + number % 900,
    if(number % 3 = 0, number % 500, NULL),
    if(number % 5 = 0, number % 64, NULL),
    if(number % 7 = 0, NULL, (number % 9000) / 1000),
    toDecimal128(number % 1000003, 12) / 7000000,
    toDecimal128(number % 999983, 12) / 3000000,
    toDecimal128(0, 12),
    toDecimal128(number % 1000003, 12) / 7000000 + toDecimal128(number % 999983, 12) / 3000000,
    'synthetic',
    'synthetic',
    0,
    number,
    now()
FROM numbers(${rows});
