package io.somactl.core.events;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of one event read by a {@link CompiledEventSchema}; reused from event to event (each
 * {@code read} overwrites it); not thread-safe. Field ids are those of {@link CompiledEventSchema#field}.
 * After a read that found violations the values are unspecified.
 */
public final class EventFields {

    private final List<String> names;
    long present; // bit per field id
    final byte[] kinds; // JsonKind of each present value
    private final String[] texts; // strings; the JSON of objects/arrays; the text of non-long numbers
    private final int[] textFrom; // where a text not made into a String yet lies in source
    private final int[] textTo;
    private byte[] source; // the bytes of the event read, while some text is only there
    private long textInSource; // bit per field whose text is still only in source (ASCII)
    final long[] longs; // integers that fit a long; 1/0 for booleans
    final double[] doubles; // numbers
    private final boolean[] exactLong; // longs[id] holds the number exactly
    private final BigDecimal[] decimals; // computed on demand
    private final int[] scales; // with longs: the exact value of a number the fast reader took
    private long unscaledInLongs; // bit per field whose exact value is longs[id] * 10^-scales[id]
    Set<String> unknownNames = new HashSet<>(); // names of fields not in the schema, for duplicates
    final StringBuilderWriter jsonOut = new StringBuilderWriter();
    RecentStrings recentStrings = RecentStrings.NONE; // from the second fast read on: a holder that is reused
    private int reads; // fast reads, counted up to 2

    EventFields(List<String> names) {
        this.names = names;
        int n = names.size();
        kinds = new byte[n];
        texts = new String[n];
        textFrom = new int[n];
        textTo = new int[n];
        longs = new long[n];
        doubles = new double[n];
        exactLong = new boolean[n];
        decimals = new BigDecimal[n];
        scales = new int[n];
    }

    /** The field id of a top-level property of the schema, as {@link CompiledEventSchema#field}, or -1. */
    public int field(String name) {
        return names.indexOf(name);
    }

    /** Whether the event has the field (also when its value is null). */
    public boolean has(int field) {
        return field >= 0 && field < kinds.length && (present & (1L << field)) != 0;
    }

    /** Whether the event has the field with the value null. */
    public boolean isNull(int field) {
        return has(field) && kinds[field] == JsonKind.NULL;
    }

    /** The value of a string field; null if absent. */
    public String text(int field) {
        if (!has(field)) {
            return null;
        }
        expect(field, JsonKind.STRING, "a string");
        return textAt(field);
    }

    /**
     * The bytes that still hold the text of string field {@code field}, ASCII between
     * {@link #asciiFrom} and {@link #asciiTo}, when no String was made of it (a field whose values
     * do not repeat, read the fast way); else null. A writer copies such a text without a String.
     */
    public byte[] asciiSource(int field) {
        return has(field) && (textInSource & (1L << field)) != 0 && kinds[field] == JsonKind.STRING ? source : null;
    }

    /** Where the text {@link #asciiSource} holds starts. */
    public int asciiFrom(int field) {
        return textFrom[field];
    }

    /** Where the text {@link #asciiSource} holds ends (exclusive). */
    public int asciiTo(int field) {
        return textTo[field];
    }

    /** The value of an integer field, or of a number field with an integral value. */
    public long longValue(int field) {
        expectNumber(field);
        if (exactLong[field]) {
            return longs[field];
        }
        try {
            return decimal(field).longValueExact();
        } catch (ArithmeticException e) {
            throw new ArithmeticException(
                    "field " + names.get(field) + ": " + textAt(field) + " is not an integer that fits a long");
        }
    }

    /** The value of a number or integer field as a double (the nearest one, as Jackson reads it). */
    public double doubleValue(int field) {
        expectNumber(field);
        return doubles[field];
    }

    /** The exact value of a number or integer field, as written in the JSON text. */
    public BigDecimal decimal(int field) {
        expectNumber(field);
        BigDecimal value = decimals[field];
        if (value == null) {
            if (exactLong[field]) {
                value = BigDecimal.valueOf(longs[field]);
            } else if ((unscaledInLongs & (1L << field)) != 0) {
                value = BigDecimal.valueOf(longs[field], scales[field]);
            } else {
                try {
                    value = ExactNumbers.exact(textAt(field));
                } catch (NumberFormatException e) {
                    throw new ArithmeticException(
                            "field " + names.get(field) + ": " + textAt(field) + " is beyond the range of BigDecimal");
                }
            }
            decimals[field] = value;
        }
        return value;
    }

    /**
     * Whether the exact value of a number or integer field is known as {@link #unscaled}{@code  × 10^-}{@link
     * #scale} (the usual number), so it can be used without a {@link BigDecimal}; if not, {@link #decimal} has it.
     */
    public boolean exactInLong(int field) {
        expectNumber(field);
        return exactLong[field] || (unscaledInLongs & (1L << field)) != 0;
    }

    /** With {@link #exactInLong}: the unscaled value of the field's exact value. */
    public long unscaled(int field) {
        return longs[field];
    }

    /** With {@link #exactInLong}: the scale of the field's exact value. */
    public int scale(int field) {
        return exactLong[field] ? 0 : scales[field];
    }

    /** The value of a boolean field. */
    public boolean bool(int field) {
        expectPresent(field);
        expect(field, JsonKind.BOOLEAN, "a boolean");
        return longs[field] != 0;
    }

    /** The value of an object or array field as compact JSON, exactly as Jackson's {@code JsonNode.toString()} prints it; null if absent. */
    public String json(int field) {
        if (!has(field)) {
            return null;
        }
        if (kinds[field] != JsonKind.OBJECT && kinds[field] != JsonKind.ARRAY) {
            throw new IllegalStateException("field " + names.get(field) + " is not an object or array but "
                    + JsonKind.withArticle(JsonKind.name(kinds[field])));
        }
        return textAt(field);
    }

    // ---- filled by the reader

    /** The text of a string, structure or non-long number; made into a String on first use when the fast reader left it in the event's bytes. */
    String textAt(int id) {
        long bit = 1L << id;
        if ((textInSource & bit) != 0) {
            texts[id] = new String(source, textFrom[id], textTo[id] - textFrom[id], StandardCharsets.ISO_8859_1);
            textInSource &= ~bit;
        }
        return texts[id];
    }

    /** Starts a read the fast way; a holder read so a second time is a reused one, worth remembering strings for. */
    void clearForPlainRead() {
        if (reads < 2 && ++reads == 2) {
            recentStrings = new RecentStrings(kinds.length);
        }
        clear();
    }

    void clear() {
        present = 0;
        textInSource = 0;
        unscaledInLongs = 0;
        source = null;
        if (unknownNames.size() > 64) {
            unknownNames = new HashSet<>(); // a hostile event made it big: let it go
        } else if (!unknownNames.isEmpty()) {
            unknownNames.clear();
        }
    }

    void setString(int id, String value) {
        set(id, JsonKind.STRING);
        texts[id] = value;
    }

    void setLong(int id, long value) {
        set(id, JsonKind.INTEGER);
        longs[id] = value;
        doubles[id] = value;
        exactLong[id] = true;
    }

    /** A string whose text is {@code ascii[from, to)}, left there until someone asks for it as a String. */
    void setAsciiString(int id, byte[] ascii, int from, int to) {
        set(id, JsonKind.STRING);
        keepInSource(id, ascii, from, to);
    }

    /**
     * A number with a fraction or exponent written {@code ascii[from, to)}, its text left there until
     * asked for; its exact value is {@code unscaled × 10^-scale}, if {@code exact}.
     */
    void setAsciiNumber(int id, byte[] ascii, int from, int to, double value, boolean exact, long unscaled, int scale) {
        set(id, JsonKind.NUMBER);
        keepInSource(id, ascii, from, to);
        doubles[id] = value;
        exactLong[id] = false;
        if (exact) {
            longs[id] = unscaled;
            scales[id] = scale;
            unscaledInLongs |= 1L << id;
        }
    }

    private void keepInSource(int id, byte[] ascii, int from, int to) {
        source = ascii;
        textFrom[id] = from;
        textTo[id] = to;
        textInSource |= 1L << id;
    }

    /** A number that is not a long: a big integer ({@code kind} INTEGER) or one with a fraction or exponent (NUMBER). */
    void setNumber(int id, int kind, String text, double value) {
        set(id, kind);
        texts[id] = text;
        doubles[id] = value;
        exactLong[id] = false;
    }

    void setBoolean(int id, boolean value) {
        set(id, JsonKind.BOOLEAN);
        longs[id] = value ? 1 : 0;
    }

    void setNull(int id) {
        set(id, JsonKind.NULL);
    }

    void setStructure(int id, int kind, String json) {
        set(id, kind);
        texts[id] = json;
    }

    boolean hasExactLong(int id) {
        return exactLong[id];
    }

    private void set(int id, int kind) {
        present |= 1L << id;
        textInSource &= ~(1L << id);
        unscaledInLongs &= ~(1L << id);
        kinds[id] = (byte) kind;
        decimals[id] = null;
    }

    private void expectPresent(int field) {
        if (!has(field)) {
            throw new IllegalStateException(
                    field >= 0 && field < kinds.length
                            ? "field " + names.get(field) + " is absent"
                            : "no field " + field);
        }
    }

    private void expectNumber(int field) {
        expectPresent(field);
        if (!JsonKind.isNumeric(kinds[field])) {
            throw new IllegalStateException("field " + names.get(field) + " is not a number but "
                    + JsonKind.withArticle(JsonKind.name(kinds[field])));
        }
    }

    private void expect(int field, int kind, String what) {
        if (kinds[field] != kind) {
            throw new IllegalStateException("field " + names.get(field) + " is not " + what + " but "
                    + JsonKind.withArticle(JsonKind.name(kinds[field])));
        }
    }
}
