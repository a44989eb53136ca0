package io.somactl.core.clickhouse.block;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * One column of a block being built row by row for ClickHouse's Native format. Each row appends
 * exactly one value to every column; a value the column's type cannot hold exactly is refused with
 * a {@link ColumnValueException} (nothing is wrapped, truncated or rounded), and the row is then
 * rolled back to the last {@link #commit()}.
 */
public abstract class NativeColumn {
    private final String name;
    private final String type;

    protected NativeColumn(String name, String type) {
        this.name = name;
        this.type = type;
    }

    public final String name() {
        return name;
    }

    /** The type as ClickHouse spells it, sent in the block header. */
    public final String type() {
        return type;
    }

    /** No value for this row: NULL if the column is Nullable, else the type's default (0, empty). */
    public abstract void appendMissing();

    public void appendLong(long value) {
        throw refused("the integer " + value);
    }

    public void appendDouble(double value) {
        throw refused("the number " + value);
    }

    public void appendString(String value) {
        throw refused("a string");
    }

    /** {@link #appendString} for the ASCII text {@code ascii[from, to)}: columns that can copy the bytes do. */
    public void appendAscii(byte[] ascii, int from, int to) {
        appendString(new String(ascii, from, to - from, StandardCharsets.ISO_8859_1));
    }

    public void appendDecimal(BigDecimal value) {
        throw refused("the decimal " + value.toPlainString());
    }

    /** {@link #appendDecimal} of {@code unscaled × 10^-scale}; Decimal columns of that scale write it without a BigDecimal. */
    public void appendUnscaledDecimal(long unscaled, int scale) {
        appendDecimal(BigDecimal.valueOf(unscaled, scale));
    }

    public void appendBoolean(boolean value) {
        appendLong(value ? 1 : 0);
    }

    /** Forgets every row, keeping the memory for the next block's rows. */
    public abstract void clear();

    /** Rows appended and committed or not. */
    public abstract int rows();

    /** Makes the rows appended so far permanent. */
    public abstract void commit();

    /** Forgets what was appended since the last {@link #commit()}. */
    public abstract void rollback();

    /**
     * Appends all committed rows of {@code other}, a column of the same name and type (another
     * thread's share of the same batch), and commits them.
     */
    public abstract void appendAll(NativeColumn other);

    /**
     * Removes the committed rows whose index is set in {@code drop} (row 0 is the first), keeping the
     * others in order, and commits. For the rare row a batch must leave out after it was encoded.
     */
    public abstract void removeRows(BitSet drop);

    /** About how many bytes {@link #writeData} writes, to size the INSERT body once. */
    public abstract int dataSize();

    /** The column's data in Native layout (after its name and type, which the block writes). */
    public abstract void writeData(ByteSink out);

    protected final ColumnValueException refused(String what) {
        return new ColumnValueException(name, type, what);
    }
}
