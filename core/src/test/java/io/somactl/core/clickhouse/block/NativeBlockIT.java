package io.somactl.core.clickhouse.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.somactl.core.clickhouse.ClickHouse;
import io.somactl.core.testing.HostileStrings;
import io.somactl.core.testing.LocalStack;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Blocks built by somactl, inserted into the real ClickHouse and read back as text. */
@Tag("stack")
class NativeBlockIT {
    private static final String COLUMNS =
            "id UInt32, uuid UUID, ts DateTime, small UInt16, big UInt64, signed Nullable(Int32),"
                    + " ratio Float64, maybe Nullable(Float64), name String, note Nullable(String), tenant LowCardinality(String),"
                    + " cost Decimal(38, 12), flag UInt8";

    static ClickHouse clickHouse;

    @BeforeAll
    static void startStack() {
        clickHouse = LocalStack.ensureUp()
                .freshClickHouse("native")
                .withSetting("allow_experimental_low_cardinality_type", "1");
    }

    @Test
    void everyColumnTypeSomactlWritesComesBackExactly() {
        int rows = 70_000; // more distinct tenants than a UInt8 or UInt16 dictionary index holds
        clickHouse.execute("CREATE TABLE t (" + COLUMNS + ") ENGINE = MergeTree ORDER BY id");
        NativeBlock block = newBlock();
        List<String> expected = new ArrayList<>();
        Random random = new Random(20231116);
        List<String> hostile = HostileStrings.ALL;
        for (int i = 0; i < rows; i++) {
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            long ts = 1_700_000_000L + random.nextInt(100_000_000);
            int small = random.nextInt(65_536);
            long big = random.nextLong() & Long.MAX_VALUE;
            Integer signed = i % 3 == 0 ? null : random.nextInt();
            double ratio = random.nextDouble() * (i % 2 == 0 ? 1 : -1e9);
            Double maybe = i % 5 == 0 ? null : random.nextDouble();
            String name = hostile.get(i % hostile.size()) + i;
            String note = i % 7 == 0 ? null : hostile.get((i + 3) % hostile.size());
            String tenant = i < 300 ? hostile.get(i % hostile.size()) : "tenant-" + i;
            BigDecimal cost = BigDecimal.valueOf(random.nextLong(), 12)
                    .multiply(i % 11 == 0 ? BigDecimal.valueOf(1_000_000) : BigDecimal.ONE);
            boolean flag = random.nextBoolean();

            block.column(0).appendLong(i);
            block.column(1).appendString(uuid.toString());
            block.column(2).appendLong(ts);
            block.column(3).appendLong(small);
            block.column(4).appendLong(big);
            if (signed == null) {
                block.column(5).appendMissing();
            } else {
                block.column(5).appendLong(signed);
            }
            block.column(6).appendDouble(ratio);
            if (maybe == null) {
                block.column(7).appendMissing();
            } else {
                block.column(7).appendDouble(maybe);
            }
            block.column(8).appendString(name);
            if (note == null) {
                block.column(9).appendMissing();
            } else {
                block.column(9).appendString(note);
            }
            block.column(10).appendString(tenant);
            block.column(11).appendDecimal(cost);
            block.column(12).appendBoolean(flag);
            block.commitRow();
            expected.add(String.join(
                    "\u0001",
                    String.valueOf(i),
                    uuid.toString(),
                    String.valueOf(ts),
                    String.valueOf(small),
                    Long.toUnsignedString(big),
                    String.valueOf(signed),
                    Double.toString(ratio),
                    String.valueOf(maybe),
                    name,
                    String.valueOf(note),
                    tenant,
                    cost.setScale(12).toPlainString(),
                    flag ? "1" : "0"));
        }
        clickHouse.insert("t", List.of(), "Native", block.toByteArray());

        List<List<String>> back = clickHouse.select("SELECT id, toString(uuid), toUInt32(ts), small, big, signed,"
                + " ratio, maybe, name, note, tenant, toString(cost), flag FROM t ORDER BY id");
        assertEquals(rows, back.size(), "every row of the block is stored");
        for (int i = 0; i < rows; i++) {
            List<String> r = back.get(i);
            String actual = String.join(
                    "\u0001",
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    String.valueOf(r.get(5)),
                    Double.toString(Double.parseDouble(r.get(6))),
                    r.get(7) == null ? "null" : Double.toString(Double.parseDouble(r.get(7))),
                    r.get(8),
                    String.valueOf(r.get(9)),
                    r.get(10),
                    r.get(11),
                    r.get(12));
            assertEquals(expected.get(i), actual, "row " + i + " came back different from what was written");
        }
    }

    @Test
    void aBlockWithColumnsInAnotherOrderThanTheTableGoesByName() {
        clickHouse.execute("CREATE TABLE two (a UInt32, b String) ENGINE = MergeTree ORDER BY a");
        NativeBlock block = new NativeBlock(List.of(NativeColumns.of("b", "String"), NativeColumns.of("a", "UInt32")));
        block.column(0).appendString("x");
        block.column(1).appendLong(7);
        block.commitRow();
        clickHouse.insert("two", List.of(), "Native", block.toByteArray());
        assertEquals(List.of(List.of("7", "x")), clickHouse.select("SELECT a, b FROM two"));
    }

    private static NativeBlock newBlock() {
        List<NativeColumn> columns = new ArrayList<>();
        for (String column : COLUMNS.split(",\\s*(?=[a-z]+ )")) {
            String[] nameAndType = column.trim().split(" ", 2);
            columns.add(NativeColumns.of(nameAndType[0], nameAndType[1]));
        }
        return new NativeBlock(columns);
    }
}
