package io.somactl.core.events;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The fast way through the common event: one flat JSON object of known fields whose text is ASCII
 * without escapes, and whose values are strings, numbers, booleans or null, each valid by its rule.
 * It reads the bytes directly, without a tokenizer, into an {@link EventFields}; at the first thing
 * outside that case (an escape, a non-ASCII byte, a nested value, an unknown or repeated field, a
 * value its rule refuses, anything malformed) it gives up, and the caller reads the event again the
 * thorough way, which finds the same values or words the violations. So it never has to be right
 * about an event it does not take: only the same as the thorough reader on those it takes, which
 * the tests check on every event of the corpora.
 *
 * <p>Immutable, thread-safe; its per-thread memory lives in the {@link EventFields}.
 */
final class PlainEventScanner {

    private static final int MAX_PLAIN_INTEGER_DIGITS = 18; // any 18 digits fit a long
    private static final int MAX_PLAIN_NUMBER_LENGTH = 64;
    private static final int MAX_PLAIN_STRING_LENGTH = 1 << 20;
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * ' ';
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] names;
    private final int[] nameTable; // open addressing by hash of the name: field id + 1, 0 empty
    private final ValueRule[] rules;

    PlainEventScanner(List<String> fieldNames, ValueRule[] rules) {
        this.rules = rules;
        this.names = new byte[fieldNames.size()][];
        this.nameTable = new int[Integer.highestOneBit(Math.max(4, fieldNames.size()) * 4)];
        for (int id = 0; id < fieldNames.size(); id++) {
            names[id] = fieldNames.get(id).getBytes(StandardCharsets.UTF_8);
            int slot = slot(hash(names[id]), nameTable.length);
            while (nameTable[slot] != 0) {
                slot = (slot + 1) & (nameTable.length - 1);
            }
            nameTable[slot] = id + 1;
        }
    }

    /**
     * Reads {@code json[from, to)} into {@code into}, every value checked by its rule; false if the
     * event is not of the plain kind (then {@code into} holds anything, and the caller reads again).
     * The fields' presence (required, dependent, conditional) is the caller's to check.
     */
    boolean read(byte[] json, int from, int to, EventFields into) {
        into.clearForPlainRead();
        int i = skipSpace(json, from, to);
        if (i >= to || json[i] != '{') {
            return false;
        }
        i = skipSpace(json, i + 1, to);
        if (i < to && json[i] == '}') {
            return skipSpace(json, i + 1, to) == to;
        }
        while (true) {
            if (i >= to || json[i] != '"') {
                return false;
            }
            int nameStart = i + 1;
            i = endOfPlainString(json, nameStart, to);
            if (i < 0) {
                return false;
            }
            int id = field(hash(json, nameStart, i), json, nameStart, i);
            if (id < 0 || (into.present & (1L << id)) != 0) {
                return false;
            }
            i = skipSpace(json, i + 1, to);
            if (i >= to || json[i] != ':') {
                return false;
            }
            i = readValue(json, skipSpace(json, i + 1, to), to, id, into);
            if (i < 0) {
                return false;
            }
            i = skipSpace(json, i, to);
            if (i >= to) {
                return false;
            }
            if (json[i] == '}') {
                return skipSpace(json, i + 1, to) == to;
            }
            if (json[i] != ',') {
                return false;
            }
            i = skipSpace(json, i + 1, to);
        }
    }

    /** Reads the value at {@code i} into field {@code id}; returns the offset after it, or -1 to give up. */
    private int readValue(byte[] json, int i, int to, int id, EventFields into) {
        if (i >= to) {
            return -1;
        }
        int b = json[i];
        if (b == '"') {
            return readString(json, i + 1, to, id, into);
        }
        int end;
        if (b == '-' || (b >= '0' && b <= '9')) {
            end = readNumber(json, i, to, id, into);
        } else if (b == 't') {
            end = literal(json, i, to, TRUE);
            into.setBoolean(id, true);
        } else if (b == 'f') {
            end = literal(json, i, to, FALSE);
            into.setBoolean(id, false);
        } else if (b == 'n') {
            end = literal(json, i, to, NULL);
            into.setNull(id);
        } else {
            return -1; // an object, an array, or not JSON
        }
        return end < 0 || rules[id].check(into, id) != 0 ? -1 : end;
    }

    private int readString(byte[] json, int start, int to, int id, EventFields into) {
        int i = endOfPlainString(json, start, to);
        if (i < 0 || i - start > MAX_PLAIN_STRING_LENGTH) {
            return -1;
        }
        RecentStrings recent = into.recentStrings;
        if (!recent.remembers(id)) {
            into.setAsciiString(id, json, start, i);
            return rules[id].checkAsciiString(into, id, json, start, i) == 0 ? i + 1 : -1;
        }
        int hash = hash(json, start, i);
        int known = recent.find(id, hash, json, start, i);
        if (known >= 0) {
            into.setString(id, recent.string(known));
            return recent.failed(known) == 0 ? i + 1 : -1;
        }
        String text = new String(json, start, i - start, StandardCharsets.ISO_8859_1);
        into.setString(id, text);
        int failed = rules[id].checkAsciiString(into, id, json, start, i);
        recent.remember(id, hash, json, start, i, text, failed);
        return failed == 0 ? i + 1 : -1;
    }

    /**
     * A number as JSON writes it ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}), kept as the
     * thorough reader keeps it: a long when it is an integer, else its text and nearest double.
     * Integers of more than 18 digits and very long numbers are left to the thorough reader.
     */
    private static int readNumber(byte[] json, int start, int to, int id, EventFields into) {
        int i = start;
        boolean negative = json[i] == '-';
        if (negative) {
            i++;
        }
        int digitsStart = i;
        long mantissa = 0;
        if (i < to && json[i] == '0') {
            i++;
        } else {
            while (i < to && isDigit(json[i])) {
                mantissa = 10 * mantissa + (json[i] - '0');
                if (++i - digitsStart > MAX_PLAIN_INTEGER_DIGITS) {
                    return -1;
                }
            }
        }
        if (i == digitsStart) {
            return -1;
        }
        boolean fraction = i < to && json[i] == '.';
        boolean exponent = !fraction && i < to && (json[i] == 'e' || json[i] == 'E');
        if (!fraction && !exponent) {
            into.setLong(id, negative ? -mantissa : mantissa);
            return i;
        }
        int significant = i - digitsStart;
        int fractionDigits = 0;
        if (fraction) {
            int fractionStart = ++i;
            while (i < to && isDigit(json[i])) {
                if (significant < MAX_PLAIN_INTEGER_DIGITS) {
                    mantissa = 10 * mantissa + (json[i] - '0');
                    significant++;
                    fractionDigits++;
                } else {
                    significant = Integer.MAX_VALUE; // too many digits for the quick conversion
                }
                i++;
            }
            if (i == fractionStart) {
                return -1;
            }
        }
        int exponentValue = 0;
        if (i < to && (json[i] == 'e' || json[i] == 'E')) {
            i++;
            boolean negativeExponent = i < to && json[i] == '-';
            if (i < to && (json[i] == '-' || json[i] == '+')) {
                i++;
            }
            int exponentStart = i;
            while (i < to && isDigit(json[i]) && i - exponentStart < 3) {
                exponentValue = 10 * exponentValue + (json[i] - '0');
                i++;
            }
            if (i == exponentStart || (i < to && isDigit(json[i]))) {
                return -1; // no digits, or an exponent of four digits or more
            }
            exponentValue = negativeExponent ? -exponentValue : exponentValue;
        }
        if (i - start > MAX_PLAIN_NUMBER_LENGTH) {
            return -1;
        }
        double value = nearestDouble(negative, mantissa, significant, exponentValue - fractionDigits, json, start, i);
        if (Double.isInfinite(value) || (value == 0 && !isZero(json, digitsStart, i))) {
            return -1; // beyond double's range: the thorough reader's business
        }
        boolean exact = significant <= MAX_PLAIN_INTEGER_DIGITS; // mantissa holds every digit
        into.setAsciiNumber(
                id, json, start, i, value, exact, negative ? -mantissa : mantissa, fractionDigits - exponentValue);
        return i;
    }

    /**
     * The double nearest to {@code ±mantissa × 10^scale}: one correctly rounded division or
     * multiplication when both operands are exact doubles (Clinger's fast path), else the JDK's parser.
     */
    private static double nearestDouble(
            boolean negative, long mantissa, int significant, int scale, byte[] json, int from, int to) {
        if (significant <= MAX_PLAIN_INTEGER_DIGITS && mantissa < MAX_EXACT_MANTISSA && scale >= -22 && scale <= 22) {
            double value = scale < 0 ? mantissa / POWERS_OF_TEN[-scale] : mantissa * POWERS_OF_TEN[scale];
            return negative ? -value : value;
        }
        return Double.parseDouble(new String(json, from, to - from, StandardCharsets.ISO_8859_1));
    }

    private static boolean isZero(byte[] json, int from, int to) {
        for (int i = from; i < to && json[i] != 'e' && json[i] != 'E'; i++) {
            if (json[i] >= '1' && json[i] <= '9') {
                return false;
            }
        }
        return true;
    }

    private static int literal(byte[] json, int i, int to, byte[] word) {
        int end = i + word.length;
        return end <= to && Arrays.equals(json, i, end, word, 0, word.length) ? end : -1;
    }

    private int field(int hash, byte[] json, int from, int to) {
        int mask = nameTable.length - 1;
        for (int slot = slot(hash, nameTable.length); nameTable[slot] != 0; slot = (slot + 1) & mask) {
            int id = nameTable[slot] - 1;
            if (Arrays.equals(names[id], 0, names[id].length, json, from, to)) {
                return id;
            }
        }
        return -1;
    }

    private static int hash(byte[] text) {
        return hash(text, 0, text.length);
    }

    private static int hash(byte[] text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text[i];
        }
        return hash;
    }

    /**
     * The offset of the quote that ends the string starting at {@code i}, or -1 if the string has an
     * escape, a control character or a non-ASCII byte, or does not end. Eight bytes at a time where
     * none of them is special (the tests of each byte below have no false negatives; a false
     * positive only sends that word to the byte-by-byte loop).
     */
    static int endOfPlainString(byte[] json, int i, int to) {
        while (i + Long.BYTES <= to) {
            long word = (long) LONGS.get(json, i);
            long special = zeroByteIn(word ^ QUOTES)
                    | zeroByteIn(word ^ BACKSLASHES)
                    | ((word - SPACES) & ~word & HIGH_BITS)
                    | (word & HIGH_BITS);
            if (special != 0) {
                break;
            }
            i += Long.BYTES;
        }
        for (; i < to; i++) {
            int b = json[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || b < 0x20) { // an escape, a control or (negative) a non-ASCII byte
                return -1;
            }
        }
        return -1;
    }

    private static long zeroByteIn(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }

    static int slot(int hash, int tableSize) {
        return (hash ^ (hash >>> 16)) & (tableSize - 1);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int skipSpace(byte[] json, int i, int to) {
        while (i < to) {
            byte b = json[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }
}
