package io.somactl.core.ingest;

import io.somactl.core.events.Topic;
import io.somactl.core.usage.UsageDelta;

/**
 * One event as an archive holds it: its topic, its JSON exactly as produced (so a replay reads the
 * same values, the same event id and the same fingerprint), the identity fields read from it, and
 * the usage the catalog gave it ({@code null} for topics that cost nothing or an event it cannot price).
 */
record ArchivedEvent(Topic topic, byte[] json, String tenant, String eventId, long tsMillis, UsageDelta usage) {}
