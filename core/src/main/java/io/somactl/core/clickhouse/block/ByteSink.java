package io.somactl.core.clickhouse.block;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/** A growable byte array written in ClickHouse's wire order: little-endian numbers, LEB128 lengths. */
public final class ByteSink {
    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private byte[] bytes;
    private int size;

    public ByteSink(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    /** Forgets everything written after the first {@code size} bytes. */
    public void truncate(int size) {
        this.size = size;
    }

    public void writeByte(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    public void writeShortLE(int v) {
        ensure(2);
        SHORT_LE.set(bytes, size, (short) v);
        size += 2;
    }

    public void writeIntLE(int v) {
        ensure(4);
        INT_LE.set(bytes, size, v);
        size += 4;
    }

    public void writeLongLE(long v) {
        ensure(8);
        LONG_LE.set(bytes, size, v);
        size += 8;
    }

    /** An unsigned LEB128 number, as ClickHouse writes sizes and string lengths. */
    public void writeVarUInt(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    public void write(ByteSink other) {
        write(other.bytes, 0, other.size);
    }

    /** A ClickHouse String: its UTF-8 length, then the bytes. ASCII takes a fast path. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exact and copy-free for ASCII
    public void writeString(String s) {
        int length = s.length();
        if (isAscii(s, length)) {
            writeVarUInt(length);
            ensure(length);
            s.getBytes(0, length, bytes, size); // deprecated, but exactly right for ASCII and copy-free
            size += length;
        } else {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeVarUInt(utf8.length);
            write(utf8, 0, utf8.length);
        }
    }

    private static boolean isAscii(String s, int length) {
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes the records whose index is set in {@code drop}: record {@code i} is the {@code width}
     * bytes at {@code i * width}. The records kept move down, in order.
     */
    void removeFixed(int width, BitSet drop) {
        int records = size / width;
        int kept = 0;
        for (int from = drop.nextClearBit(0); from < records; ) {
            int next = drop.nextSetBit(from);
            int to = next < 0 || next > records ? records : next;
            System.arraycopy(bytes, from * width, bytes, kept, (to - from) * width);
            kept += (to - from) * width;
            from = drop.nextClearBit(to);
        }
        size = kept;
    }

    /**
     * Removes the strings (each its LEB128 length, then its bytes) whose index is set in
     * {@code drop}, the first {@code count} strings being the sink's content; returns how many remain.
     */
    int removeStrings(int count, BitSet drop) {
        int read = 0;
        int write = 0;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            int start = read;
            long length = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[read++];
                length |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            read += (int) length;
            if (!drop.get(i)) {
                if (write != start) {
                    System.arraycopy(bytes, start, bytes, write, read - start);
                }
                write += read - start;
                kept++;
            }
        }
        size = write;
        return kept;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    /** The sink's own array, whose first {@link #size()} bytes are those written; valid until the next write. */
    public byte[] array() {
        return bytes;
    }

    /** The bytes written; the sink's own array when it is exactly full (a sink sized right is not copied). */
    public byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            grow(more);
        }
    }

    private void grow(int more) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
}
