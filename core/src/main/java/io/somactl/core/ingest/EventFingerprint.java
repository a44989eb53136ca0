package io.somactl.core.ingest;

import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.EventFields;

/**
 * A 63-bit hash of an event's values as ingest read them, stored with its row
 * ({@code event_fingerprint}) so that a copy arriving later can be told from a different event that
 * reuses its {@code event_id}. Field by field in schema order: absent, null, or the value (strings by
 * their characters, integers exactly, numbers by their value as the nearest double, booleans, objects
 * and arrays by their compact JSON). So a copy serialized with other whitespace, key order or number
 * spelling ({@code 1.50} for {@code 1.5}) has the same fingerprint; a copy with other tokens does not.
 * Never 0, which marks rows stored before fingerprints existed.
 */
final class EventFingerprint {
    private static final long PRIME = 0x100000001B3L;

    private final byte[] kinds;

    EventFingerprint(CompiledEventSchema schema) {
        kinds = new byte[schema.fieldNames().size()];
        for (int field = 0; field < kinds.length; field++) {
            kinds[field] = switch (schema.fieldType(field)) {
                case "string" -> 1;
                case "integer" -> 2;
                case "number" -> 3;
                case "boolean" -> 4;
                default -> 5;
            };
        }
    }

    long of(EventFields fields) {
        long h = 0xCBF29CE484222325L;
        for (int field = 0; field < kinds.length; field++) {
            if (!fields.has(field)) {
                h = mix(h, 0x0A);
                continue;
            }
            if (fields.isNull(field)) {
                h = mix(h, 0x0B);
                continue;
            }
            h = mix(h, kinds[field]);
            switch (kinds[field]) {
                case 1 -> {
                    byte[] ascii = fields.asciiSource(field);
                    h = ascii != null
                            ? text(h, ascii, fields.asciiFrom(field), fields.asciiTo(field))
                            : text(h, fields.text(field));
                }
                case 2 -> h = mix(h, fields.longValue(field));
                case 3 -> h = mix(h, Double.doubleToLongBits(fields.doubleValue(field) + 0.0)); // -0.0 is 0
                case 4 -> h = mix(h, fields.bool(field) ? 1 : 0);
                default -> h = text(h, fields.json(field));
            }
        }
        long fingerprint = finish(h) >>> 1;
        return fingerprint == 0 ? 1 : fingerprint;
    }

    private static long text(long h, byte[] ascii, int from, int to) {
        h = mix(h, to - from);
        for (int i = from; i < to; i++) {
            h = (h ^ ascii[i]) * PRIME;
        }
        return h;
    }

    private static long text(long h, String text) {
        h = mix(h, text.length());
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * PRIME;
        }
        return h;
    }

    private static long mix(long h, long value) {
        return (h ^ finish(value)) * 0x9E3779B97F4A7C15L;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit moves about half the output bits. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
