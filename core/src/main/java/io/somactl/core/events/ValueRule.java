package io.somactl.core.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a schema demands of one value (a top-level property), compiled: type, string length and
 * pattern, numeric bounds, const/enum. {@link #check} answers with a bitmask of the failed keywords,
 * so that a valid value costs no allocation; {@link #describe} words the failures, with the same
 * messages the schema library gave (networknt, worded by {@code ViolationMessages}: the tests' reference).
 */
final class ValueRule {

    static final int TYPE = 1;
    static final int PATTERN = 1 << 1;
    static final int MAX_LENGTH = 1 << 2;
    static final int MIN_LENGTH = 1 << 3;
    static final int MINIMUM = 1 << 4;
    static final int MAXIMUM = 1 << 5;
    static final int EXCLUSIVE_MINIMUM = 1 << 6;
    static final int EXCLUSIVE_MAXIMUM = 1 << 7;
    static final int CONST = 1 << 8;

    /** A numeric bound with its double, for the fast comparison, and its message. */
    record Bound(BigDecimal value, double asDouble, String message) {
        static Bound of(BigDecimal value, String message) {
            return new Bound(value, value.doubleValue(), message);
        }
    }

    final String path;
    final int allowedKinds; // bit per JsonKind; integer also admits integral NUMBERs
    final String[] typeMessages; // by the value's JsonKind
    final StringPattern pattern;
    final int maxLength; // in code points; -1: none
    final int minLength;
    final String maxLengthMessage;
    final String minLengthMessage;
    final Bound minimum;
    final Bound maximum;
    final Bound exclusiveMinimum;
    final Bound exclusiveMaximum;
    final List<JsonConstant> constants; // const or enum; null: any value
    final String constMessage;

    ValueRule(
            String path,
            int allowedKinds,
            String[] typeMessages,
            StringPattern pattern,
            int maxLength,
            String maxLengthMessage,
            int minLength,
            String minLengthMessage,
            Bound minimum,
            Bound maximum,
            Bound exclusiveMinimum,
            Bound exclusiveMaximum,
            List<JsonConstant> constants,
            String constMessage) {
        this.path = path;
        this.allowedKinds = allowedKinds;
        this.typeMessages = typeMessages;
        this.pattern = pattern;
        this.maxLength = maxLength;
        this.maxLengthMessage = maxLengthMessage;
        this.minLength = minLength;
        this.minLengthMessage = minLengthMessage;
        this.minimum = minimum;
        this.maximum = maximum;
        this.exclusiveMinimum = exclusiveMinimum;
        this.exclusiveMaximum = exclusiveMaximum;
        this.constants = constants;
        this.constMessage = constMessage;
    }

    /** The keywords the value of field {@code id}, as read into {@code fields}, breaks; 0 if none. */
    int check(EventFields fields, int id) {
        int kind = fields.kinds[id];
        int failed = 0;
        if ((allowedKinds & (1 << kind)) == 0 && !isIntegralNumberWhereIntegerAllowed(fields, id, kind)) {
            failed |= TYPE;
        }
        if (kind == JsonKind.STRING) {
            failed |= checkString(fields.textAt(id));
        } else if (JsonKind.isNumeric(kind)) {
            failed |= checkNumber(fields, id);
        }
        if (constants != null && !matchesAConstant(fields, id, kind)) {
            failed |= CONST;
        }
        return failed;
    }

    /**
     * {@link #check} for a string value whose text is ASCII, {@code bytes[from, to)}, already in
     * {@code fields}: lengths without counting code points, the pattern on the bytes.
     */
    int checkAsciiString(EventFields fields, int id, byte[] bytes, int from, int to) {
        int failed = (allowedKinds & (1 << JsonKind.STRING)) == 0 ? TYPE : 0;
        int length = to - from;
        if (maxLength >= 0 && length > maxLength) {
            failed |= MAX_LENGTH;
        }
        if (minLength > 0 && length < minLength) {
            failed |= MIN_LENGTH;
        }
        if (pattern != null && !pattern.matchesAscii(bytes, from, to)) {
            failed |= PATTERN;
        }
        if (constants != null && !matchesAConstant(fields, id, JsonKind.STRING)) {
            failed |= CONST;
        }
        return failed;
    }

    private boolean isIntegralNumberWhereIntegerAllowed(EventFields fields, int id, int kind) {
        return kind == JsonKind.NUMBER
                && (allowedKinds & (1 << JsonKind.INTEGER)) != 0
                && fields.doubles[id] == Math.rint(fields.doubles[id])
                && ExactNumbers.isIntegral(fields.doubles[id], fields.textAt(id));
    }

    private int checkString(String text) {
        int failed = 0;
        if (maxLength >= 0 && text.length() > maxLength && text.codePointCount(0, text.length()) > maxLength) {
            failed |= MAX_LENGTH;
        }
        if (minLength > 0 && text.length() < 2 * minLength && text.codePointCount(0, text.length()) < minLength) {
            failed |= MIN_LENGTH;
        }
        if (pattern != null && !pattern.matches(text)) {
            failed |= PATTERN;
        }
        return failed;
    }

    private int checkNumber(EventFields fields, int id) {
        int failed = 0;
        if (minimum != null && compare(fields, id, minimum) < 0) {
            failed |= MINIMUM;
        }
        if (maximum != null && compare(fields, id, maximum) > 0) {
            failed |= MAXIMUM;
        }
        if (exclusiveMinimum != null && compare(fields, id, exclusiveMinimum) <= 0) {
            failed |= EXCLUSIVE_MINIMUM;
        }
        if (exclusiveMaximum != null && compare(fields, id, exclusiveMaximum) >= 0) {
            failed |= EXCLUSIVE_MAXIMUM;
        }
        return failed;
    }

    private static int compare(EventFields fields, int id, Bound bound) {
        if (fields.hasExactLong(id)) {
            long value = fields.longs[id];
            double rounded = value; // long to double rounds monotonically too
            if (rounded < bound.asDouble) {
                return -1;
            }
            if (rounded > bound.asDouble) {
                return 1;
            }
            return BigDecimal.valueOf(value).compareTo(bound.value);
        }
        double value = fields.doubles[id];
        if (value != bound.asDouble) {
            return value < bound.asDouble ? -1 : 1; // the double tells: no need for the text
        }
        return ExactNumbers.compare(value, fields.textAt(id), bound.value, bound.asDouble);
    }

    private boolean matchesAConstant(EventFields fields, int id, int kind) {
        for (JsonConstant constant : constants) {
            if (constant.matches(fields, id, kind)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a violation per failed keyword. */
    void describe(int failed, int kind, List<Violation> into) {
        if ((failed & TYPE) != 0) {
            into.add(new Violation(path, typeMessages[kind]));
        }
        add(failed, PATTERN, pattern == null ? null : "does not match the pattern " + pattern.source(), into);
        add(failed, MAX_LENGTH, maxLengthMessage, into);
        add(failed, MIN_LENGTH, minLengthMessage, into);
        add(failed, MINIMUM, minimum == null ? null : minimum.message, into);
        add(failed, MAXIMUM, maximum == null ? null : maximum.message, into);
        add(failed, EXCLUSIVE_MINIMUM, exclusiveMinimum == null ? null : exclusiveMinimum.message, into);
        add(failed, EXCLUSIVE_MAXIMUM, exclusiveMaximum == null ? null : exclusiveMaximum.message, into);
        add(failed, CONST, constMessage, into);
    }

    private void add(int failed, int keyword, String message, List<Violation> into) {
        if ((failed & keyword) != 0) {
            into.add(new Violation(path, message));
        }
    }

    boolean admitsStructures() {
        return (allowedKinds & ((1 << JsonKind.OBJECT) | (1 << JsonKind.ARRAY))) != 0;
    }
}
