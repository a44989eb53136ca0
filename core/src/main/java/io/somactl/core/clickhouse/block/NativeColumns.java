package io.somactl.core.clickhouse.block;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes the column for a ClickHouse type name as {@code DESCRIBE TABLE} prints it. */
public final class NativeColumns {
    private static final Pattern WRAPPED = Pattern.compile("(Nullable|LowCardinality)\\((.+)\\)");
    private static final Pattern DECIMAL = Pattern.compile("Decimal\\((\\d+),\\s*(\\d+)\\)");

    private NativeColumns() {}

    /** @throws UnsupportedColumnTypeException for a type somactl does not write */
    public static NativeColumn of(String name, String type) {
        String t = type.trim();
        Matcher wrapped = WRAPPED.matcher(t);
        if (wrapped.matches()) {
            String inner = wrapped.group(2);
            if (wrapped.group(1).equals("Nullable")) {
                return new NullableColumn(name, t, of(name, inner));
            }
            if (inner.equals("String")) {
                return new LowCardinalityStringColumn(name, t);
            }
            throw new UnsupportedColumnTypeException(name, t);
        }
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            return new DecimalColumn(name, t, Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        return switch (t) {
            case "UInt8" -> IntegerColumn.unsigned(name, t, 1);
            case "UInt16", "Date" -> IntegerColumn.unsigned(name, t, 2);
            case "UInt32", "DateTime" -> IntegerColumn.unsigned(name, t, 4);
            case "UInt64" -> IntegerColumn.unsigned(name, t, 8);
            case "Int8" -> IntegerColumn.signed(name, t, 1);
            case "Int16" -> IntegerColumn.signed(name, t, 2);
            case "Int32" -> IntegerColumn.signed(name, t, 4);
            case "Int64" -> IntegerColumn.signed(name, t, 8);
            case "Float32" -> new FloatColumn(name, t, true);
            case "Float64" -> new FloatColumn(name, t, false);
            case "String" -> new StringColumn(name, t);
            case "UUID" -> new UuidColumn(name, t);
            default -> throw new UnsupportedColumnTypeException(name, t);
        };
    }
}
