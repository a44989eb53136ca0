package io.somactl.core.clickhouse.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeBlockTest {

    /**
     * The bytes ClickHouse 18.16.1 itself wrote for {@code SELECT * FROM lc FORMAT Native} over HTTP,
     * with lc (a LowCardinality(String), b Nullable(UInt64), c UUID, d Decimal(38, 12)) holding
     * ('acme', 5, '2fbde86f-e242-4aaa-97b1-ce95d4b26946', 1.5), ('hooli', NULL, '...0001', -0.000000000001)
     * and ('acme', 7, '...0000', 0).
     */
    private static final String CLICKHOUSE_WROTE = "0403"
            + "0161" + "164c6f7743617264696e616c69747928537472696e6729"
            + "0100000000000000" + "0006000000000000" + "0300000000000000" + "00" + "0461636d65" + "05686f6f6c69"
            + "0300000000000000" + "010201"
            + "0162" + "104e756c6c61626c652855496e74363429" + "000100"
            + "0500000000000000" + "0000000000000000" + "0700000000000000"
            + "0163" + "0455554944" + "aa4a42e26fe8bd2f4669b2d495ceb197" + "00000000000000000100000000000000"
            + "00000000000000000000000000000000"
            + "0164" + "0f446563696d616c2833382c20313229" + "0098f73e5d0100000000000000000000"
            + "ffffffffffffffffffffffffffffffff" + "00000000000000000000000000000000";

    @Test
    void writesTheSameBytesClickHouseWritesForTheSameRows() {
        NativeBlock block = sampleBlock();
        row(block, "acme", 5L, "2fbde86f-e242-4aaa-97b1-ce95d4b26946", "1.5");
        row(block, "hooli", null, "00000000-0000-0000-0000-000000000001", "-0.000000000001");
        row(block, "acme", 7L, "00000000-0000-0000-0000-000000000000", "0");
        assertEquals(CLICKHOUSE_WROTE, HexFormat.of().formatHex(block.toByteArray()));
    }

    @Test
    void blocksJoinedFromSharesEqualOneBlockWithAllTheRows() {
        List<Object[]> rows = List.of(
                new Object[] {"acme", 5L, "2fbde86f-e242-4aaa-97b1-ce95d4b26946", "1.5"},
                new Object[] {"hooli", null, "00000000-0000-0000-0000-000000000001", "-0.000000000001"},
                new Object[] {"stark", 7L, "00000000-0000-0000-0000-000000000002", "0"},
                new Object[] {"acme", null, "00000000-0000-0000-0000-000000000003", "2"},
                new Object[] {"globex", 9L, "00000000-0000-0000-0000-000000000004", "3.25"});
        NativeBlock whole = sampleBlock();
        NativeBlock first = sampleBlock();
        NativeBlock second = sampleBlock();
        for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            row(whole, (String) r[0], (Long) r[1], (String) r[2], (String) r[3]);
            row(i < 2 ? first : second, (String) r[0], (Long) r[1], (String) r[2], (String) r[3]);
        }
        first.appendAll(second);
        assertEquals(
                HexFormat.of().formatHex(whole.toByteArray()),
                HexFormat.of().formatHex(first.toByteArray()),
                "joining two shares gave other bytes than writing all rows into one block");
    }

    @Test
    void aClearedBlockWritesWhatANewBlockWrites() {
        NativeBlock reused = sampleBlock();
        row(reused, "initech", 1L, "2fbde86f-e242-4aaa-97b1-ce95d4b26946", "9.5");
        row(reused, "umbrella", null, "00000000-0000-0000-0000-000000000009", "4");
        reused.column(0).appendString("half a row, never committed");
        reused.clear();
        NativeBlock fresh = sampleBlock();
        for (NativeBlock block : List.of(reused, fresh)) {
            row(block, "acme", 5L, "2fbde86f-e242-4aaa-97b1-ce95d4b26946", "1.5");
            row(block, "hooli", null, "00000000-0000-0000-0000-000000000001", "-0.000000000001");
            row(block, "acme", 7L, "00000000-0000-0000-0000-000000000000", "0");
        }
        assertEquals(CLICKHOUSE_WROTE, HexFormat.of().formatHex(fresh.toByteArray()));
        assertEquals(
                CLICKHOUSE_WROTE,
                HexFormat.of().formatHex(reused.toByteArray()),
                "a block reused after clear() should hold only its new rows, and no value of its old ones in its dictionary");
    }

    @Test
    void aRefusedValueRollsBackTheWholeRow() {
        NativeBlock block = new NativeBlock(List.of(
                NativeColumns.of("name", "String"),
                NativeColumns.of("tenant", "LowCardinality(String)"),
                NativeColumns.of("n", "UInt16")));
        block.column(0).appendString("first");
        block.column(1).appendString("acme");
        block.column(2).appendLong(65_535);
        block.commitRow();
        byte[] oneRow = block.toByteArray();

        block.column(0).appendString("second");
        block.column(1).appendString("hooli");
        ColumnValueException refused =
                assertThrows(ColumnValueException.class, () -> block.column(2).appendLong(65_536));
        assertTrue(
                refused.getMessage().contains("column n (UInt16) cannot hold the integer 65536"), refused.getMessage());
        block.rollbackRow();

        assertEquals(1, block.rows());
        block.column(0).appendMissing(); // the block accepts rows again after a rollback
        block.column(1).appendMissing();
        block.column(2).appendMissing();
        block.commitRow();
        assertEquals(2, block.rows());
        assertTrue(block.toByteArray().length > oneRow.length);
    }

    @Test
    void aRowMissingAValueForSomeColumnIsAProgrammingErrorNotACorruptBlock() {
        NativeBlock block = new NativeBlock(List.of(NativeColumns.of("a", "String"), NativeColumns.of("b", "String")));
        block.column(0).appendString("x");
        block.commitRow();
        assertThrows(IllegalStateException.class, block::toByteArray);
    }

    @Test
    void integersOutsideTheirTypeAreRefusedNotWrapped() {
        assertThrows(
                ColumnValueException.class, () -> NativeColumns.of("x", "UInt8").appendLong(256));
        assertThrows(
                ColumnValueException.class,
                () -> NativeColumns.of("x", "UInt64").appendLong(-1));
        assertThrows(
                ColumnValueException.class, () -> NativeColumns.of("x", "Int32").appendLong(1L << 31));
        assertThrows(
                ColumnValueException.class,
                () -> NativeColumns.of("x", "UInt32").appendDouble(1.5));
        assertThrows(
                ColumnValueException.class,
                () -> NativeColumns.of("x", "DateTime").appendLong(-1));
        NativeColumns.of("x", "Int32").appendLong(-(1L << 31));
        NativeColumns.of("x", "UInt64").appendLong(Long.MAX_VALUE);
    }

    @Test
    void moneyIsNeverRounded() {
        NativeColumn cost = NativeColumns.of("cost", "Decimal(38, 12)");
        ColumnValueException refused =
                assertThrows(ColumnValueException.class, () -> cost.appendDecimal(new BigDecimal("0.0000000000001")));
        assertTrue(refused.getMessage().contains("more than 12 decimals"), refused.getMessage());
        assertThrows(ColumnValueException.class, () -> cost.appendDecimal(new BigDecimal("1e26")));
        cost.appendDecimal(new BigDecimal("99999999999999999999999999.999999999999"));
    }

    @Test
    void aDecimalIsWrittenAlikeWhateverScaleItArrivesWith() {
        java.util.Random random = new java.util.Random(12);
        for (String type : List.of("Decimal(38, 12)", "Decimal(18, 12)", "Decimal(9, 2)", "Decimal(38, 0)")) {
            int scale = Integer.parseInt(type.replaceAll(".*, (\\d+)\\)", "$1"));
            NativeBlock atColumnScale = new NativeBlock(List.of(NativeColumns.of("d", type)));
            NativeBlock atOtherScale = new NativeBlock(List.of(NativeColumns.of("d", type)));
            int precision = Integer.parseInt(type.replaceAll("Decimal\\((\\d+),.*", "$1"));
            for (int i = 0; i < 2_000; i++) {
                java.math.BigInteger unscaled = new java.math.BigInteger(1 + random.nextInt(precision * 3), random)
                        .mod(java.math.BigInteger.TEN.pow(precision));
                BigDecimal value = new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), scale);
                atColumnScale.column(0).appendDecimal(value);
                atColumnScale.commitRow();
                atOtherScale.column(0).appendDecimal(value.setScale(scale + 1));
                atOtherScale.commitRow();
            }
            assertArrayEquals(
                    atOtherScale.toByteArray(),
                    atColumnScale.toByteArray(),
                    type + ": a value at the column's scale should be written as the same value at another scale is");
        }
    }

    @Test
    void asciiBytesAreWrittenAsTheirStringIs() {
        List<String> types = List.of("String", "Nullable(String)", "UUID", "LowCardinality(String)");
        List<String> values = List.of(
                "2fbde86f-e242-4aaa-97b1-ce95d4b26946",
                "00000000-0000-0000-0000-000000000001",
                "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF");
        for (String type : types) {
            NativeBlock fromStrings = new NativeBlock(List.of(NativeColumns.of("v", type)));
            NativeBlock fromBytes = new NativeBlock(List.of(NativeColumns.of("v", type)));
            for (String value : values) {
                fromStrings.column(0).appendString(value);
                fromStrings.commitRow();
                byte[] padded = ("[" + value + "]").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                fromBytes.column(0).appendAscii(padded, 1, padded.length - 1);
                fromBytes.commitRow();
            }
            assertArrayEquals(
                    fromStrings.toByteArray(),
                    fromBytes.toByteArray(),
                    type + ": ASCII bytes should be written exactly as the same text given as a String");
        }
        byte[] notAUuid = "2fbde86f-e242-4aaa-97b1-ce95d4b2694g".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ColumnValueException refused = assertThrows(
                ColumnValueException.class,
                () -> NativeColumns.of("id", "UUID").appendAscii(notAUuid, 0, notAUuid.length));
        assertTrue(refused.getMessage().contains("'g' is not a hex digit"), refused.getMessage());
    }

    @Test
    void stringsAreNotUuids() {
        NativeColumn id = NativeColumns.of("id", "UUID");
        assertThrows(ColumnValueException.class, () -> id.appendString("2fbde86f-e242-4aaa-97b1-ce95d4b2694"));
        assertThrows(ColumnValueException.class, () -> id.appendString("2fbde86f-e242-4aaa-97b1-ce95d4b2694g"));
    }

    @Test
    void typesSomactlCannotWriteAreNamedUpFront() {
        UnsupportedColumnTypeException e =
                assertThrows(UnsupportedColumnTypeException.class, () -> NativeColumns.of("tags", "Array(String)"));
        assertEquals("column tags has type Array(String), which somactl cannot write", e.getMessage());
    }

    @Test
    void lengthsAreLeb128() {
        ByteSink sink = new ByteSink(16);
        sink.writeVarUInt(300);
        sink.writeString("é");
        assertArrayEquals(new byte[] {(byte) 0xAC, 0x02, 0x02, (byte) 0xC3, (byte) 0xA9}, sink.toByteArray());
    }

    @Test
    void aBlockWithRowsRemovedEqualsOneWrittenWithoutThem() {
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rows.add(new Object[] {
                i % 3 == 0 ? "acme" : "tenant-" + i,
                i % 2 == 0 ? null : (long) i,
                String.format("00000000-0000-0000-0000-%012d", i),
                i + ".25",
                "x".repeat(i == 4 ? 300 : i),
                i % 4 == 0 ? null : "note " + i,
                i * 1.5
            });
        }
        for (String pattern : List.of("000000000", "100000000", "000000001", "011010110", "110000011", "111111111")) {
            java.util.BitSet drop = new java.util.BitSet();
            NativeBlock expected = wideBlock();
            NativeBlock block = wideBlock();
            for (int i = 0; i < rows.size(); i++) {
                wideRow(block, rows.get(i));
                if (pattern.charAt(i) == '1') {
                    drop.set(i);
                } else {
                    wideRow(expected, rows.get(i));
                }
            }

            block.removeRows(drop);

            assertEquals(expected.rows(), block.rows(), "rows left after removing " + pattern);
            assertEquals(
                    HexFormat.of().formatHex(expected.toByteArray()),
                    HexFormat.of().formatHex(block.toByteArray()),
                    "removing rows " + pattern + " left other bytes than writing only the rows kept");
        }
    }

    private static NativeBlock wideBlock() {
        return new NativeBlock(List.of(
                NativeColumns.of("a", "LowCardinality(String)"),
                NativeColumns.of("b", "Nullable(UInt64)"),
                NativeColumns.of("c", "UUID"),
                NativeColumns.of("d", "Decimal(38, 12)"),
                NativeColumns.of("e", "String"),
                NativeColumns.of("f", "Nullable(String)"),
                NativeColumns.of("g", "Float64")));
    }

    private static void wideRow(NativeBlock block, Object[] r) {
        block.column(0).appendString((String) r[0]);
        if (r[1] == null) {
            block.column(1).appendMissing();
        } else {
            block.column(1).appendLong((Long) r[1]);
        }
        block.column(2).appendString((String) r[2]);
        block.column(3).appendDecimal(new BigDecimal((String) r[3]));
        block.column(4).appendString((String) r[4]);
        if (r[5] == null) {
            block.column(5).appendMissing();
        } else {
            block.column(5).appendString((String) r[5]);
        }
        block.column(6).appendDouble((Double) r[6]);
        block.commitRow();
    }

    private static NativeBlock sampleBlock() {
        return new NativeBlock(List.of(
                NativeColumns.of("a", "LowCardinality(String)"),
                NativeColumns.of("b", "Nullable(UInt64)"),
                NativeColumns.of("c", "UUID"),
                NativeColumns.of("d", "Decimal(38, 12)")));
    }

    private static void row(NativeBlock block, String a, Long b, String c, String d) {
        block.column(0).appendString(a);
        if (b == null) {
            block.column(1).appendMissing();
        } else {
            block.column(1).appendLong(b);
        }
        block.column(2).appendString(c);
        block.column(3).appendDecimal(new BigDecimal(d));
        block.commitRow();
    }
}
