package io.somactl.core.ingest;

import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageDelta;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bills {@code (tenant, event_id)} once: part of storing a batch, run just before its rows go to
 * ClickHouse. A producer that retries at the application level sends an event again at a new Kafka
 * offset; the offsets ingest keeps (exactly once per record) cannot see that, the event id can.
 *
 * <p>For each table, every row the batch would insert is looked up by its tenant and event id: first
 * within the batch (the lowest partition, then offset, comes first), then in ClickHouse among rows
 * stored from another Kafka record whose {@code ts} lies within the window of the batch's times. A
 * row whose event is already there is left out of the insert and its usage out of the Redis counts:
 * counted as a duplicate when its fingerprint equals the first copy's, dead-lettered naming both
 * records when it does not (the same id with other values is a producer's bug, not a retry, and is
 * never dropped silently).
 *
 * <p>Why this holds across crashes, restarts and several workers: producers key records by tenant,
 * so every copy of an event is in one partition, which one worker at a time reads in offset order,
 * and this runs on the storer thread after the batch before it is inserted. A copy's first
 * occurrence is therefore either in this batch or in ClickHouse. A row re-read at the same offset
 * after a crash is left to the stored-offsets check and is not looked at here. Copies in different
 * partitions (a producer not keying by tenant) are caught once the first is stored, not while two
 * workers hold both at once.
 *
 * <p>The lookup reads the tables' sorting key {@code (tenant, ts, event_id)}: the tenants of the
 * batch and a time range, so ClickHouse reads only those granules. The batch's ids go along as
 * external data, as many as a batch has.
 */
final class EventIdGuard {
    static final String TABLE = "batch_ids";

    private final ClickHouse clickHouse;
    private final long windowSeconds;
    private final DeadLetters deadLetters;
    private final TopicNames names;
    private final Map<Topic, TableLayout> tables;
    private long lookupNanos;

    /** {@code tables}: the tables as the worker described them (read when a batch is screened). */
    EventIdGuard(ClickHouse clickHouse, Duration window, DeadLetters deadLetters, TopicNames names,
                 Map<Topic, TableLayout> tables) {
        this.clickHouse = clickHouse;
        this.windowSeconds = window.toSeconds();
        this.deadLetters = deadLetters;
        this.names = names;
        this.tables = tables;
    }

    /**
     * Leaves the batch's repeated events out of its rows and of {@code usage} (the batch's usage per
     * tenant, as it will be applied), counts them in the batch, and dead-letters the conflicting ones.
     */
    void screen(IngestBatch batch, List<TenantUsageBatch> usage) {
        long start = System.nanoTime();
        lookupNanos = 0;
        Map<String, TenantUsageBatch> usageByTenant = new HashMap<>();
        usage.forEach(tenant -> usageByTenant.put(tenant.tenant(), tenant));
        for (Topic topic : Topic.values()) {
            List<BatchPart> parts = new ArrayList<>();
            for (BatchPart part : batch.parts()) {
                EventIds ids = part.ids().get(topic);
                if (ids != null && ids.size() > 0) {
                    parts.add(part);
                }
            }
            if (!parts.isEmpty()) {
                screen(topic, parts, usageByTenant);
            }
        }
        if (IngestTrace.on()) {
            IngestTrace.mark("event ids of a batch of " + batch.records() + " checked in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms, " + lookupNanos / 1_000_000 + " ms of it in ClickHouse");
        }
    }

    private void screen(Topic topic, List<BatchPart> parts, Map<String, TenantUsageBatch> usageByTenant) {
        Map<Key, Copy> first = new HashMap<>();
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;
        ByteArrayOutputStream external = new ByteArrayOutputStream();
        List<Copy> repeats = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            EventIds ids = parts.get(p).ids().get(topic);
            for (int i = 0; i < ids.size(); i++) {
                Copy copy = new Copy(p, i, ids.partition(i), ids.offset(i), ids.fingerprint(i));
                Key key = new Key(ids.tenant(i), ids.idHigh(i), ids.idLow(i));
                minTs = Math.min(minTs, ids.ts(i));
                maxTs = Math.max(maxTs, ids.ts(i));
                Copy earlier = first.putIfAbsent(key, copy);
                if (earlier == null) {
                    writeLine(external, key);
                } else if (copy.comesBefore(earlier)) {
                    first.put(key, copy); // lanes hold different slices: the lowest offset is the first copy
                    repeats.add(earlier);
                } else {
                    repeats.add(copy);
                }
            }
        }
        long lookup = System.nanoTime();
        Map<Key, Stored> stored = storedElsewhere(topic, external.toByteArray(), minTs, maxTs);
        lookupNanos += System.nanoTime() - lookup;

        List<BitSet> leftOut = new ArrayList<>();
        parts.forEach(part -> leftOut.add(new BitSet()));
        String kafkaTopic = names.of(topic);
        for (Map.Entry<Key, Stored> found : stored.entrySet()) {
            Copy copy = first.get(found.getKey());
            Stored original = found.getValue();
            if (copy != null && !original.isAt(kafkaTopic, copy)) {
                leaveOut(topic, parts, copy, original.fingerprint(), original.place(), "stored", leftOut, usageByTenant);
            }
        }
        for (Copy repeat : repeats) {
            EventIds ids = parts.get(repeat.part()).ids().get(topic);
            Key key = new Key(ids.tenant(repeat.row()), ids.idHigh(repeat.row()), ids.idLow(repeat.row()));
            Stored original = stored.get(key);
            if (original != null && !original.isAt(kafkaTopic, first.get(key))) {
                leaveOut(topic, parts, repeat, original.fingerprint(), original.place(), "stored", leftOut, usageByTenant);
            } else {
                Copy firstCopy = first.get(key);
                leaveOut(topic, parts, repeat, firstCopy.fingerprint(),
                        place(kafkaTopic, firstCopy.partition(), firstCopy.offset()), "read in the same batch", leftOut,
                        usageByTenant);
            }
        }
        for (int p = 0; p < parts.size(); p++) {
            if (!leftOut.get(p).isEmpty()) {
                parts.get(p).rowsOf(topic).removeRows(leftOut.get(p));
            }
        }
    }

    /** Leaves one row out: a duplicate of {@code original} if the fingerprints match, else a dead letter. */
    private void leaveOut(Topic topic, List<BatchPart> parts, Copy copy, long originalFingerprint, String originalPlace,
                          String how, List<BitSet> leftOut, Map<String, TenantUsageBatch> usageByTenant) {
        BatchPart part = parts.get(copy.part());
        EventIds ids = part.ids().get(topic);
        int row = copy.row();
        if (leftOut.get(copy.part()).get(row)) {
            return;
        }
        leftOut.get(copy.part()).set(row);
        UsageDelta counted = ids.usage(row);
        if (counted != null) {
            usageByTenant.get(counted.tenant()).remove(counted);
        }
        boolean duplicate = originalFingerprint != 0 && originalFingerprint == copy.fingerprint();
        if (!duplicate) {
            String id = EventIds.format(ids.idHigh(row), ids.idLow(row));
            String why = originalFingerprint == 0
                    ? "its first copy was stored before ingest kept fingerprints (schema migration V004), so the two cannot be compared"
                    : "its values differ from the first copy's";
            deadLetters.send(names.deadLetterOf(topic), ids.record(row), "event_id " + id + " of tenant "
                    + ids.tenant(row) + " was already " + how + " from " + originalPlace + "; this copy from "
                    + place(names.of(topic), copy.partition(), copy.offset()) + " is not stored because " + why);
        }
        part.rowLeftOut(topic, duplicate);
    }

    /**
     * The rows of the table with one of the batch's (tenant, event_id), stored from any Kafka record,
     * within the window around the batch's times; one per id (the lowest partition and offset).
     */
    private Map<Key, Stored> storedElsewhere(Topic topic, byte[] ids, long minTs, long maxTs) {
        TableLayout layout = tables.get(topic);
        if (layout == null || layout.columns().stream().noneMatch(c -> c.name().equals("event_fingerprint"))) {
            throw new SomactlException("table " + topic.table() + " has no event_fingerprint column, which ingest needs"
                    + " to bill each event id once; run somactl schema apply");
        }
        long from = Math.max(0, minTs - windowSeconds);
        long to = Math.min(0xFFFFFFFFL, maxTs + windowSeconds);
        String sql = "SELECT tenant, toString(event_id), _topic, _partition, _offset, event_fingerprint"
                + " FROM " + Sql.identifier(topic.table())
                + " WHERE tenant IN (SELECT tenant FROM " + TABLE + ")"
                + " AND ts >= toDateTime(" + from + ") AND ts <= toDateTime(" + to + ")"
                + " AND (tenant, event_id) IN (SELECT tenant, event_id FROM " + TABLE + ")";
        return clickHouse.selectStream(sql, "TabSeparated",
                new ClickHouse.ExternalTable(TABLE, "tenant String, event_id UUID", ids), body -> {
                    Map<Key, Stored> found = new HashMap<>();
                    BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.isEmpty()) {
                            continue;
                        }
                        String[] f = line.split("\t", -1);
                        UUID id = UUID.fromString(f[1]);
                        Stored row = new Stored(unescape(f[0]), unescape(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]),
                                Long.parseLong(f[5]));
                        found.merge(new Key(row.tenant(), id.getMostSignificantBits(), id.getLeastSignificantBits()), row,
                                (a, b) -> a.comesBefore(b) ? a : b);
                    }
                    return found;
                });
    }

    private static void writeLine(ByteArrayOutputStream out, Key key) {
        byte[] tenant = escape(key.tenant()).getBytes(StandardCharsets.UTF_8);
        out.write(tenant, 0, tenant.length);
        out.write('\t');
        byte[] id = EventIds.format(key.high(), key.low()).getBytes(StandardCharsets.US_ASCII);
        out.write(id, 0, id.length);
        out.write('\n');
    }

    /** TabSeparated escaping of a text field. */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\0' -> "\\0";
                default -> null;
            };
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /** Undoes TabSeparated escaping. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String place(String topic, int partition, long offset) {
        return topic + " partition " + partition + " offset " + offset;
    }

    private record Key(String tenant, long high, long low) {}

    /** Row {@code row} of part {@code part}'s block, read from {@code partition} at {@code offset}. */
    private record Copy(int part, int row, int partition, long offset, long fingerprint) {
        boolean comesBefore(Copy other) {
            return partition != other.partition ? partition < other.partition : offset < other.offset;
        }
    }

    private record Stored(String tenant, String topic, int partition, long offset, long fingerprint) {
        boolean isAt(String kafkaTopic, Copy copy) {
            return topic.equals(kafkaTopic) && partition == copy.partition() && offset == copy.offset();
        }

        boolean comesBefore(Stored other) {
            return partition != other.partition ? partition < other.partition : offset < other.offset;
        }

        String place() {
            return EventIdGuard.place(topic, partition, offset);
        }
    }
}
