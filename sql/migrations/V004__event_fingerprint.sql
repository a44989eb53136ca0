-- V004: a fingerprint of each stored event's body, so ingest can tell a re-sent event from a different one
-- that reuses its event_id.
--
-- Ingest bills (tenant, event_id) once. A copy of a stored event that arrives again at another Kafka offset
-- (a producer retrying at the application level) is not inserted when its fingerprint matches the stored
-- row's, and is dead-lettered, naming both records, when it does not. The fingerprint is a 63-bit hash
-- of the event's values as ingest read them (field by field in schema order, numbers by exact value), so
-- a copy serialized with other whitespace, key order or number spelling still matches. 0 means unknown:
-- rows stored before this migration; a copy of such a row is dead-lettered rather than compared.
--
-- Runs on ClickHouse 18.16.1 and current releases. 18.16 has no ADD COLUMN IF NOT EXISTS: the migration
-- runner treats "column already exists" from an ADD COLUMN as done, so a run cut short can run again.

ALTER TABLE ${database}.slm_metrics ${on_cluster} ADD COLUMN event_fingerprint UInt64 DEFAULT 0 AFTER _offset;
ALTER TABLE ${database}.escalation_metrics ${on_cluster} ADD COLUMN event_fingerprint UInt64 DEFAULT 0 AFTER _offset;
ALTER TABLE ${database}.tool_metrics ${on_cluster} ADD COLUMN event_fingerprint UInt64 DEFAULT 0 AFTER _offset;
ALTER TABLE ${database}.conversation_metrics ${on_cluster} ADD COLUMN event_fingerprint UInt64 DEFAULT 0 AFTER _offset;
ALTER TABLE ${database}.audio_metrics ${on_cluster} ADD COLUMN event_fingerprint UInt64 DEFAULT 0 AFTER _offset;
ALTER TABLE ${database}.policy_events ${on_cluster} ADD COLUMN event_fingerprint UInt64 DEFAULT 0 AFTER _offset;
