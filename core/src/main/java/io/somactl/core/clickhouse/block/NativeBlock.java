package io.somactl.core.clickhouse.block;

import java.util.BitSet;
import java.util.List;

/**
 * Rows for one {@code INSERT ... FORMAT Native}, built column by column in memory. A row is appended
 * value by value to each column and then either {@link #commitRow() committed} or, if any value was
 * refused, {@link #rollbackRow() rolled back} whole.
 *
 * <p>The encoding is the one ClickHouse's HTTP interface reads and writes for {@code FORMAT Native}
 * (no block info, as with protocol revision 0): the column count and row count as LEB128, then per
 * column its name, its type and its data. 18.16 and current servers read it alike; ClickHouse does
 * far less work per row for it than for row formats (RowBinary, JSONEachRow).
 */
public final class NativeBlock {
    private final List<NativeColumn> columns;
    private int rows;

    public NativeBlock(List<NativeColumn> columns) {
        this.columns = List.copyOf(columns);
    }

    public List<NativeColumn> columns() {
        return columns;
    }

    public NativeColumn column(int index) {
        return columns.get(index);
    }

    public int rows() {
        return rows;
    }

    /** Forgets every row, keeping the columns' memory: a block reused saves the garbage collector from copying a new one. */
    public void clear() {
        for (NativeColumn column : columns) {
            column.clear();
        }
        rows = 0;
    }

    /** Makes the row permanent. Each column must have had exactly one value appended; {@link #toByteArray()} checks. */
    public void commitRow() {
        for (NativeColumn column : columns) {
            column.commit();
        }
        rows++;
    }

    public void rollbackRow() {
        for (NativeColumn column : columns) {
            column.rollback();
        }
    }

    /**
     * Appends the rows of blocks with the same columns (other threads' shares of one batch), so the
     * batch is one block: ClickHouse writes a part per block, and every part is merged later.
     */
    public void appendAll(NativeBlock other) {
        if (other.columns.size() != columns.size()) {
            throw new IllegalArgumentException("blocks with different columns cannot be joined");
        }
        for (int i = 0; i < columns.size(); i++) {
            NativeColumn mine = columns.get(i);
            NativeColumn theirs = other.columns.get(i);
            if (!mine.name().equals(theirs.name()) || !mine.type().equals(theirs.type())) {
                throw new IllegalArgumentException("column " + theirs.name() + " (" + theirs.type() + ") cannot join "
                        + mine.name() + " (" + mine.type() + ")");
            }
            mine.appendAll(theirs);
        }
        rows += other.rows;
    }

    /** Removes the rows whose index is set in {@code drop}, keeping the others in order. */
    public void removeRows(BitSet drop) {
        for (NativeColumn column : columns) {
            column.removeRows(drop);
        }
        rows -= drop.get(0, rows).cardinality();
    }

    /** One INSERT body of several blocks: ClickHouse reads Native blocks one after the other until the end. */
    public static byte[] concatenate(List<NativeBlock> blocks) {
        int size = 0;
        for (NativeBlock block : blocks) {
            size += block.sizeEstimate();
        }
        ByteSink body = new ByteSink(size);
        for (NativeBlock block : blocks) {
            block.writeTo(body);
        }
        return body.toByteArray();
    }

    public byte[] toByteArray() {
        return concatenate(List.of(this));
    }

    private int sizeEstimate() {
        int size = 32;
        for (NativeColumn column : columns) {
            size += 16 + column.name().length() * 3 + column.type().length() + column.dataSize();
        }
        return size;
    }

    /** Writes the block in Native format at the end of {@code out}. */
    public void writeTo(ByteSink out) {
        for (NativeColumn column : columns) {
            if (column.rows() != rows) {
                throw new IllegalStateException("the block has " + rows + " rows but column " + column.name() + " has "
                        + column.rows() + " values");
            }
        }
        out.writeVarUInt(columns.size());
        out.writeVarUInt(rows);
        for (NativeColumn column : columns) {
            out.writeString(column.name());
            out.writeString(column.type());
            column.writeData(out);
        }
    }
}
