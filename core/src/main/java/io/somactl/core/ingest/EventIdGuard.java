package io.somactl.core.ingest;

import io.somactl.core.SomactlException;
import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.clickhouse.Sql;
import io.somactl.core.clickhouse.block.ByteSink;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.usage.TenantUsageBatch;
import io.somactl.core.usage.UsageDelta;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bills {@code (tenant, event_id)} once: part of storing a batch, run just before its rows go to
 * ClickHouse. A producer that retries at the application level sends an event again at a new Kafka
 * offset; the offsets ingest keeps (exactly once per record) cannot see that, the event id can.
 *
 * <p>For each table, every row the batch would insert is looked up by its tenant and event id: first
 * within the batch (the lowest partition, then offset, comes first), then in ClickHouse among rows
 * stored from another Kafka record whose {@code ts} lies within the window of the copy's own. A
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
 * <p>The lookup follows the tables' sorting key {@code (tenant, ts, event_id)}: ClickHouse reads
 * the granules of the batch's tenants within the time range, not the table. The batch's ids go
 * along as external data, as many as a batch has. A stored row with fingerprint 0 (written before
 * migration V004) cannot be compared: its copies are dead-lettered.
 *
 * <p>It belongs to the batch store: it needs the batch's rows with their identities, the batch's
 * usage, ClickHouse and the dead letters, and nothing of the Kafka loop.
 */
final class EventIdGuard {
    static final String TABLE = "batch_ids";

    private final ClickHouse clickHouse;
    private final long windowSeconds;
    private final DeadLetterSink deadLetters;
    private final TopicNames names;
    private final Map<Topic, TableLayout> tables;
    private long lookupNanos;

    /** {@code tables}: the tables as the worker described them (read when a batch is screened). */
    EventIdGuard(
            ClickHouse clickHouse,
            Duration window,
            DeadLetterSink deadLetters,
            TopicNames names,
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
                    + (System.nanoTime() - start) / 1_000_000 + " ms, " + lookupNanos / 1_000_000
                    + " ms of it in ClickHouse");
        }
    }

    private void screen(Topic topic, List<BatchPart> parts, Map<String, TenantUsageBatch> usageByTenant) {
        List<EventIds> idsOfParts = new ArrayList<>();
        int rows = 0;
        for (BatchPart part : parts) {
            idsOfParts.add(part.ids().get(topic));
            rows += part.ids().get(topic).size();
        }
        FirstCopies first = new FirstCopies(idsOfParts, rows);
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;
        ByteSink external = new ByteSink(rows * 48 + 64);
        Map<String, byte[]> tenantBytes = new HashMap<>();
        long[] repeats = new long[16];
        int repeatCount = 0;
        for (int p = 0; p < idsOfParts.size(); p++) {
            EventIds ids = idsOfParts.get(p);
            for (int i = 0; i < ids.size(); i++) {
                minTs = Math.min(minTs, ids.ts(i));
                maxTs = Math.max(maxTs, ids.ts(i));
                int slot = first.add(p, i);
                if (slot < 0) {
                    byte[] tenant = tenantBytes.computeIfAbsent(
                            ids.tenant(i), t -> (escape(t) + "\t").getBytes(StandardCharsets.UTF_8));
                    external.write(tenant, 0, tenant.length);
                    writeUuid(external, ids.idHigh(i), ids.idLow(i));
                    external.writeByte('\n');
                    continue;
                }
                if (repeatCount == repeats.length) {
                    repeats = java.util.Arrays.copyOf(repeats, repeatCount * 2);
                }
                // lanes hold different slices of a partition: the lowest partition and offset is the first copy
                repeats[repeatCount++] = first.keepEarlier(slot, p, i);
            }
        }
        long lookup = System.nanoTime();
        Stored[] stored = storedElsewhere(topic, external.toByteArray(), minTs, maxTs, first);
        lookupNanos += System.nanoTime() - lookup;

        List<BitSet> leftOut = new ArrayList<>();
        parts.forEach(part -> leftOut.add(new BitSet()));
        for (int slot = 0; slot < stored.length; slot++) {
            Stored original = stored[slot];
            if (original != null && !original.isAt(first, slot)) {
                leaveOut(
                        topic,
                        parts,
                        first.part(slot),
                        first.row(slot),
                        original.fingerprint(),
                        original.place(),
                        "stored",
                        leftOut,
                        usageByTenant);
            }
        }
        for (int r = 0; r < repeatCount; r++) {
            int p = (int) (repeats[r] >>> 32);
            int row = (int) repeats[r];
            int slot = first.find(idsOfParts.get(p), row);
            Stored original = stored[slot];
            if (original != null && !original.isAt(first, slot)) {
                leaveOut(
                        topic,
                        parts,
                        p,
                        row,
                        original.fingerprint(),
                        original.place(),
                        "stored",
                        leftOut,
                        usageByTenant);
            } else {
                EventIds firstIds = idsOfParts.get(first.part(slot));
                int firstRow = first.row(slot);
                leaveOut(
                        topic,
                        parts,
                        p,
                        row,
                        firstIds.fingerprint(firstRow),
                        place(firstIds.topic(firstRow), firstIds.partition(firstRow), firstIds.offset(firstRow)),
                        "read in the same batch",
                        leftOut,
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
    private void leaveOut(
            Topic topic,
            List<BatchPart> parts,
            int partIndex,
            int row,
            long originalFingerprint,
            String originalPlace,
            String how,
            List<BitSet> leftOut,
            Map<String, TenantUsageBatch> usageByTenant) {
        BatchPart part = parts.get(partIndex);
        EventIds ids = part.ids().get(topic);
        if (leftOut.get(partIndex).get(row)) {
            return;
        }
        leftOut.get(partIndex).set(row);
        UsageDelta counted = ids.usage(row);
        if (counted != null) {
            usageByTenant.get(counted.tenant()).remove(counted);
            part.spendLeftOut(counted);
        }
        boolean duplicate = originalFingerprint != 0 && originalFingerprint == ids.fingerprint(row);
        if (!duplicate) {
            String id = EventIds.format(ids.idHigh(row), ids.idLow(row));
            String why = originalFingerprint == 0
                    ? "its first copy was stored before ingest kept fingerprints (schema migration V004), so the two cannot be compared"
                    : "its values differ from the first copy's";
            deadLetters.send(
                    names.deadLetterOf(topic),
                    ids.record(row),
                    "event_id " + id + " of tenant "
                            + ids.tenant(row) + " was already " + how + " from " + originalPlace + "; this copy from "
                            + place(ids.topic(row), ids.partition(row), ids.offset(row)) + " is not stored because "
                            + why);
        }
        part.rowLeftOut(topic, duplicate);
    }

    /**
     * The rows of the table with one of the batch's (tenant, event_id), stored from any Kafka record,
     * whose {@code ts} is within the window of the slot's first copy's: per slot of {@code first},
     * the lowest partition and offset found, or null. ClickHouse is asked for the window around all
     * the batch's times (one range, on the sorting key); each row is then held to its own event's.
     */
    private Stored[] storedElsewhere(Topic topic, byte[] ids, long minTs, long maxTs, FirstCopies first) {
        TableLayout layout = tables.get(topic);
        if (layout == null || layout.columns().stream().noneMatch(c -> c.name().equals("event_fingerprint"))) {
            throw new SomactlException("table " + topic.table() + " has no event_fingerprint column, which ingest needs"
                    + " to bill each event id once; run somactl schema apply");
        }
        long from = Math.max(0, minTs - windowSeconds);
        long to = Math.min(0xFFFFFFFFL, maxTs + windowSeconds);
        // PREWHERE on the id alone: ClickHouse reads event_id over the range and the other columns only
        // for the few rows whose id is one of the batch's. The (tenant, id) pair is matched here, below
        // (first.find): a set of (String, UUID) pairs cost ClickHouse about twice the whole lookup.
        String sql = "SELECT tenant, toString(event_id), _topic, _partition, _offset, event_fingerprint, toUInt32(ts)"
                + " FROM " + Sql.identifier(topic.table())
                + " PREWHERE event_id IN (SELECT event_id FROM " + TABLE + ")"
                + " WHERE tenant IN (SELECT tenant FROM " + TABLE + ")"
                + " AND ts >= toDateTime(" + from + ") AND ts <= toDateTime(" + to + ")";
        return clickHouse.selectStream(
                sql, "TabSeparated", new ClickHouse.ExternalTable(TABLE, "tenant String, event_id UUID", ids), body -> {
                    Stored[] found = new Stored[first.capacity()];
                    BufferedReader lines =
                            new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.isEmpty()) {
                            continue;
                        }
                        int t1 = line.indexOf('\t');
                        int t2 = line.indexOf('\t', t1 + 1);
                        int t3 = line.indexOf('\t', t2 + 1);
                        int t4 = line.indexOf('\t', t3 + 1);
                        int t5 = line.indexOf('\t', t4 + 1);
                        int t6 = line.indexOf('\t', t5 + 1);
                        String tenant = unescape(line.substring(0, t1));
                        int slot = first.find(tenant, EventIds.high(line, t1 + 1), EventIds.low(line, t1 + 1));
                        if (slot < 0) {
                            continue; // one of the batch's ids, but stored for another tenant: not a copy
                        }
                        long ts = Long.parseLong(line, t6 + 1, line.length(), 10);
                        if (Math.abs(ts - first.ts(slot)) > windowSeconds) {
                            continue; // the same id, but too far away in event time to be the same event
                        }
                        Stored row = new Stored(
                                unescape(line.substring(t2 + 1, t3)),
                                Integer.parseInt(line, t3 + 1, t4, 10),
                                Long.parseLong(line, t4 + 1, t5, 10),
                                Long.parseUnsignedLong(line, t5 + 1, t6, 10));
                        if (found[slot] == null || row.comesBefore(found[slot])) {
                            found[slot] = row;
                        }
                    }
                    return found;
                });
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** A UUID as ClickHouse reads it: 8-4-4-4-12 lowercase hex digits. */
    private static void writeUuid(ByteSink out, long high, long low) {
        hex(out, high >>> 32, 8);
        out.writeByte('-');
        hex(out, high >>> 16, 4);
        out.writeByte('-');
        hex(out, high, 4);
        out.writeByte('-');
        hex(out, low >>> 48, 4);
        out.writeByte('-');
        hex(out, low, 12);
    }

    private static void hex(ByteSink out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.writeByte(HEX[(int) (value >>> shift) & 0xF]);
        }
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
                out.append(
                        switch (next) {
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

    /**
     * The first copy of each (tenant, event_id) of one table's rows in the batch: an open-addressing
     * table of (part, row) references into the parts' {@link EventIds}, so a batch of a hundred
     * thousand rows makes no object per row.
     */
    static final class FirstCopies {
        private final List<EventIds> parts;
        private final long[] refs; // part << 32 | row, or -1
        private final int mask;

        FirstCopies(List<EventIds> parts, int rows) {
            this.parts = parts;
            int capacity = Integer.highestOneBit(Math.max(16, rows * 2 - 1)) << 1;
            this.refs = new long[capacity];
            java.util.Arrays.fill(refs, -1);
            this.mask = capacity - 1;
        }

        int capacity() {
            return refs.length;
        }

        /** Adds row {@code row} of part {@code part}; -1 if its id is new, else the slot of the copy seen before. */
        int add(int part, int row) {
            EventIds ids = parts.get(part);
            int slot = slotOf(ids.tenant(row), ids.idHigh(row), ids.idLow(row));
            if (refs[slot] == -1) {
                refs[slot] = (long) part << 32 | row;
                return -1;
            }
            return slot;
        }

        /**
         * Of the copy in {@code slot} and row {@code row} of part {@code part}, keeps the one read first
         * (lowest partition, then offset) and returns the other as {@code part << 32 | row}.
         */
        long keepEarlier(int slot, int part, int row) {
            long mine = (long) part << 32 | row;
            EventIds ids = parts.get(part);
            EventIds theirs = parts.get(part(slot));
            int theirRow = row(slot);
            boolean earlier = ids.partition(row) != theirs.partition(theirRow)
                    ? ids.partition(row) < theirs.partition(theirRow)
                    : ids.offset(row) < theirs.offset(theirRow);
            if (!earlier) {
                return mine;
            }
            long other = refs[slot];
            refs[slot] = mine;
            return other;
        }

        /** The slot of the id of row {@code row} in {@code ids}. */
        int find(EventIds ids, int row) {
            return slotOf(ids.tenant(row), ids.idHigh(row), ids.idLow(row));
        }

        /** The slot of a (tenant, event_id) of the batch, or -1. */
        int find(String tenant, long high, long low) {
            int slot = slotOf(tenant, high, low);
            return refs[slot] == -1 ? -1 : slot;
        }

        int part(int slot) {
            return (int) (refs[slot] >>> 32);
        }

        int row(int slot) {
            return (int) refs[slot];
        }

        /** The event time (seconds) of the first copy in {@code slot}. */
        long ts(int slot) {
            return parts.get(part(slot)).ts(row(slot));
        }

        /** Where the id is, or the empty slot where it would go. */
        private int slotOf(String tenant, long high, long low) {
            long h = (high * 0x9E3779B97F4A7C15L) ^ low ^ ((long) tenant.hashCode() << 32);
            int slot = (int) ((h ^ (h >>> 29) ^ (h >>> 47)) & mask);
            while (refs[slot] != -1) {
                EventIds ids = parts.get(part(slot));
                int row = row(slot);
                if (ids.idHigh(row) == high
                        && ids.idLow(row) == low
                        && ids.tenant(row).equals(tenant)) {
                    return slot;
                }
                slot = (slot + 1) & mask;
            }
            return slot;
        }
    }

    private record Stored(String topic, int partition, long offset, long fingerprint) {
        /** Whether this is the row of the first copy in {@code slot} itself (stored before a crash, same provenance). */
        boolean isAt(FirstCopies first, int slot) {
            EventIds ids = first.parts.get(first.part(slot));
            int row = first.row(slot);
            return topic.equals(ids.topic(row)) && partition == ids.partition(row) && offset == ids.offset(row);
        }

        boolean comesBefore(Stored other) {
            return partition != other.partition ? partition < other.partition : offset < other.offset;
        }

        String place() {
            return EventIdGuard.place(topic, partition, offset);
        }
    }
}
