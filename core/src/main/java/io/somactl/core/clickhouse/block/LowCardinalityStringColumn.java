package io.somactl.core.clickhouse.block;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * LowCardinality(String) in the Native layout ClickHouse has used since it introduced the type
 * (18.x) and still reads: serialization version 1 (shared dictionaries with additional keys),
 * then one granule holding the dictionary of distinct values (index 0 is the default, the empty
 * string) and each row's index into it, as UInt8/16/32 by the dictionary's size.
 */
final class LowCardinalityStringColumn extends NativeColumn {
    private static final long KEYS_VERSION_SHARED_WITH_ADDITIONAL_KEYS = 1;
    private static final long HAS_ADDITIONAL_KEYS = 1L << 9;
    private static final long NEEDS_UPDATE_DICTIONARY = 1L << 10;

    private final Map<String, Integer> indexOf = new HashMap<>();
    private final List<String> dictionary = new ArrayList<>();
    private int[] keys = new int[1 << 12];
    private int rows;
    private int committedRows;

    LowCardinalityStringColumn(String name, String type) {
        super(name, type);
        dictionary.add("");
        indexOf.put("", 0);
    }

    @Override
    public void appendMissing() {
        append(0);
    }

    @Override
    public void appendString(String value) {
        Integer index = indexOf.get(value);
        if (index == null) {
            index = dictionary.size();
            dictionary.add(value);
            indexOf.put(value, index);
        }
        append(index);
    }

    private void append(int index) {
        if (rows == keys.length) {
            keys = Arrays.copyOf(keys, rows * 2);
        }
        keys[rows++] = index;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void clear() {
        rows = 0;
        committedRows = 0;
        dictionary.clear();
        indexOf.clear();
        dictionary.add("");
        indexOf.put("", 0);
    }

    @Override
    public void commit() {
        committedRows = rows;
    }

    @Override
    public void rollback() {
        rows = committedRows; // a value it added stays in the dictionary, unused: harmless
    }

    @Override
    public void appendAll(NativeColumn other) {
        LowCardinalityStringColumn theirs = (LowCardinalityStringColumn) other;
        int[] mine = new int[theirs.dictionary.size()];
        for (int i = 0; i < mine.length; i++) {
            String value = theirs.dictionary.get(i);
            Integer index = indexOf.get(value);
            if (index == null) {
                index = dictionary.size();
                dictionary.add(value);
                indexOf.put(value, index);
            }
            mine[i] = index;
        }
        for (int i = 0; i < theirs.rows; i++) {
            append(mine[theirs.keys[i]]);
        }
        commit();
    }

    @Override
    public void removeRows(BitSet drop) {
        rollback();
        // The dictionary is rebuilt from the rows kept, in the order they use it: as if only they had been appended.
        int[] renumbered = new int[dictionary.size()];
        Arrays.fill(renumbered, -1);
        renumbered[0] = 0;
        List<String> used = new ArrayList<>();
        used.add("");
        int kept = 0;
        for (int i = 0; i < rows; i++) {
            if (!drop.get(i)) {
                int key = keys[i];
                if (renumbered[key] < 0) {
                    renumbered[key] = used.size();
                    used.add(dictionary.get(key));
                }
                keys[kept++] = renumbered[key];
            }
        }
        rows = kept;
        dictionary.clear();
        dictionary.addAll(used);
        indexOf.clear();
        for (int i = 0; i < used.size(); i++) {
            indexOf.put(used.get(i), i);
        }
        commit();
    }

    @Override
    public int dataSize() {
        return 32 + rows * 4 + dictionary.size() * 16;
    }

    @Override
    public void writeData(ByteSink out) {
        out.writeLongLE(KEYS_VERSION_SHARED_WITH_ADDITIONAL_KEYS);
        int size = dictionary.size();
        int keyType = size <= 0xFF ? 0 : size <= 0xFFFF ? 1 : 2;
        out.writeLongLE(keyType | HAS_ADDITIONAL_KEYS | NEEDS_UPDATE_DICTIONARY);
        out.writeLongLE(size);
        for (String value : dictionary) {
            out.writeString(value);
        }
        out.writeLongLE(rows);
        for (int i = 0; i < rows; i++) {
            switch (keyType) {
                case 0 -> out.writeByte(keys[i]);
                case 1 -> out.writeShortLE(keys[i]);
                default -> out.writeIntLE(keys[i]);
            }
        }
    }
}
