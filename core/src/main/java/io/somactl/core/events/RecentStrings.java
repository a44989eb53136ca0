package io.somactl.core.events;

import java.util.Arrays;

/**
 * The string values recently read per field, with what their rule said of them: most fields of a
 * telemetry stream (tenant, model, persona, status...) repeat a few values, so a field's next value
 * is usually one already made into a String and checked. Reusing it saves the allocation, the check
 * and, downstream, the hashing of a new String. A field whose values rarely repeat (ids, times) is
 * soon left alone. Per reader thread, like the {@link EventFields} that holds it.
 */
final class RecentStrings {

    private static final int SLOTS = 256; // per field, by hash
    private static final int TRIAL = 2048; // look-ups before a field is judged
    private static final int MISS = -1;

    /** Remembers nothing: for a holder that reads one event only. */
    static final RecentStrings NONE = new RecentStrings(0);

    private final String[] strings; // [field * SLOTS + slot]
    private final byte[][] bytes;
    private final int[] failed;
    private final int[] lookups;
    private final int[] hits;
    private final boolean[] unrepeated;

    RecentStrings(int fields) {
        strings = new String[fields * SLOTS];
        bytes = new byte[fields * SLOTS][];
        failed = new int[fields * SLOTS];
        lookups = new int[fields];
        hits = new int[fields];
        unrepeated = new boolean[fields];
    }

    /** Whether values of {@code field} are remembered: false once they are found not to repeat. */
    boolean remembers(int field) {
        return this != NONE && !unrepeated[field];
    }

    /** The entry holding {@code text[from, to)} as a value of {@code field}, or -1; only for a field it {@link #remembers}. */
    int find(int field, int hash, byte[] text, int from, int to) {
        int at = field * SLOTS + PlainEventScanner.slot(hash, SLOTS);
        byte[] known = bytes[at];
        boolean hit = known != null && Arrays.equals(known, 0, known.length, text, from, to);
        // Judged again every TRIAL look-ups, not once: a field that repeated at first (a session's few
        // requests) but later mostly misses would make and copy a String on every miss.
        hits[field] += hit ? 1 : 0;
        if (++lookups[field] == TRIAL) {
            if (hits[field] < TRIAL / 2) {
                unrepeated[field] = true;
            }
            lookups[field] = 0;
            hits[field] = 0;
        }
        return hit ? at : MISS;
    }

    String string(int entry) {
        return strings[entry];
    }

    /** The keywords of its rule the value broke, 0 if none. */
    int failed(int entry) {
        return failed[entry];
    }

    void remember(int field, int hash, byte[] text, int from, int to, String value, int failedKeywords) {
        int at = field * SLOTS + PlainEventScanner.slot(hash, SLOTS);
        bytes[at] = Arrays.copyOfRange(text, from, to);
        strings[at] = value;
        failed[at] = failedKeywords;
    }
}
