package io.somactl.core.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.Secret;
import io.somactl.core.ServerUnreachableException;
import io.somactl.core.testing.HostileStrings;
import io.somactl.core.testing.LocalStack;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The adapter against the real ClickHouse of the local stack. */
@Tag("stack")
class HttpClickHouseIT {
    static final List<String> HOSTILE = HostileStrings.ALL;

    static HttpClickHouse clickHouse;

    @BeforeAll
    static void startStack() {
        clickHouse = LocalStack.ensureUp().freshClickHouse("adapter");
    }

    @Test
    void hostileStringsSurviveTheRoundTripThroughSqlLiteralsExactly() {
        for (String value : HOSTILE) {
            List<List<String>> rows =
                    clickHouse.select("SELECT " + Sql.quote(value) + ", length(" + Sql.quote(value) + ")");
            assertEquals(value, rows.get(0).get(0), "ClickHouse read back a different string for " + List.of(value));
            assertEquals(
                    String.valueOf(value.getBytes(StandardCharsets.UTF_8).length),
                    rows.get(0).get(1),
                    "byte length differs for " + List.of(value));
        }
    }

    @Test
    void hostileStringsInsertedAsRowsComeBackUnchanged() {
        clickHouse.execute("CREATE TABLE names (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < HOSTILE.size(); i++) {
            values.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(i)
                    .append(", ")
                    .append(Sql.quote(HOSTILE.get(i)))
                    .append(')');
        }
        clickHouse.execute("INSERT INTO names (id, name) VALUES " + values);
        List<List<String>> rows = clickHouse.select("SELECT name FROM names ORDER BY id");
        assertEquals(HOSTILE, rows.stream().map(r -> r.get(0)).toList());
        assertEquals(
                "1",
                clickHouse.selectValue("SELECT count() FROM names WHERE name = " + Sql.quote("x'); DROP TABLE t; --")),
                "a hostile value used in WHERE must match itself, not change the query");
    }

    @Test
    void aQueryReadsATableSentAlongWithItFarLargerThanAQueryMayBe() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            String name = HOSTILE.get(i % HOSTILE.size())
                    .replace("\\", "\\\\")
                    .replace("\t", "\\t")
                    .replace("\n", "\\n")
                    .replace("\r", "\\r");
            rows.append(i).append('\t').append(name).append('\n');
        }
        byte[] body = rows.toString().getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length > 256 * 1024, "the table should be larger than max_query_size");
        ClickHouse.ExternalTable table = new ClickHouse.ExternalTable("sent", "n UInt32, name String", body);

        String sums = clickHouse.selectStream(
                "SELECT count(), sum(n) FROM sent",
                "TabSeparated",
                table,
                in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
        String names = clickHouse.selectStream(
                "SELECT name FROM sent WHERE n < " + HOSTILE.size() + " ORDER BY n",
                "TabSeparated",
                table,
                in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));

        assertEquals("100000\t4999950000\n", sums, "every row sent should be read once");
        assertEquals(
                HOSTILE,
                TabSeparated.parse(names).stream().map(r -> r.get(0)).toList(),
                "texts sent as external data should come back unchanged");
    }

    @Test
    void insertsRowsSentInABodyFormat() {
        clickHouse.execute(
                "CREATE TABLE events (id UInt32, tenant String, cost Decimal(38, 12)) ENGINE = MergeTree ORDER BY id");
        String body =
                "{\"id\":1,\"tenant\":\"acme\",\"cost\":0.000000123456}\n{\"id\":2,\"tenant\":\"O'Brien\",\"cost\":12.5}\n";
        clickHouse.insert(
                "events", List.of("id", "tenant", "cost"), "JSONEachRow", body.getBytes(StandardCharsets.UTF_8));
        assertEquals("12.500000123456", clickHouse.selectValue("SELECT toString(sum(cost)) FROM events"));
    }

    @Test
    void nullComesBackAsNull() {
        List<List<String>> rows = clickHouse.select("SELECT NULL, 'x'");
        assertNull(rows.get(0).get(0));
        assertEquals("x", rows.get(0).get(1));
    }

    @Test
    void serverErrorsBecomeTypedExceptionsWithCodeAndMessage() {
        ClickHouseException e =
                assertThrows(ClickHouseException.class, () -> clickHouse.select("SELECT * FROM no_such_table"));
        assertEquals(ClickHouseException.UNKNOWN_TABLE, e.code());
        assertTrue(e.serverMessage().contains("no_such_table"), e.serverMessage());
    }

    @Test
    void aServerThatIsNotThereIsReportedAsUnreachable() {
        HttpClickHouse nowhere = new HttpClickHouse(new ClickHouseSettings(
                URI.create("http://127.0.0.1:1"), "default", Secret.none(), "default", Duration.ofSeconds(2)));
        ServerUnreachableException e = assertThrows(ServerUnreachableException.class, nowhere::serverVersion);
        assertTrue(e.getMessage().startsWith("ClickHouse at http://127.0.0.1:1 did not answer"), e.getMessage());
    }

    @Test
    void aWrongPasswordIsAServerErrorNotAHang() {
        HttpClickHouse wrong = new HttpClickHouse(new ClickHouseSettings(
                LocalStack.ensureUp().clickHouseUrl(),
                "default",
                Secret.of("not-the-password"),
                "default",
                Duration.ofSeconds(5)));
        ClickHouseException e = assertThrows(ClickHouseException.class, wrong::serverVersion);
        assertEquals(193, e.code(), "ClickHouse answers a wrong password with code 193: " + e.getMessage());
    }
}
