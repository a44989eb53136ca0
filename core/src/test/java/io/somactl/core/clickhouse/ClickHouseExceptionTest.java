package io.somactl.core.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClickHouseExceptionTest {

    @Test
    void readsTheCodeAndMessageOfA1816Error() {
        ClickHouseException e = ClickHouseException.fromResponse(
                404,
                "Code: 60, e.displayText() = DB::Exception: Table somactl.nope doesn't exist., e.what() = DB::Exception\n",
                null);
        assertEquals(60, e.code());
        assertEquals("Table somactl.nope doesn't exist.", e.serverMessage());
    }

    @Test
    void readsTheCodeAndMessageOfACurrentServerError() {
        ClickHouseException e = ClickHouseException.fromResponse(
                404,
                "Code: 60. DB::Exception: Table somactl.nope does not exist. (UNKNOWN_TABLE) (version 24.8.4.13 (official build))\n",
                "60");
        assertEquals(60, e.code());
        assertEquals("Table somactl.nope does not exist. (UNKNOWN_TABLE)", e.serverMessage());
    }

    @Test
    void fallsBackToTheHeaderCodeAndRawBody() {
        ClickHouseException e = ClickHouseException.fromResponse(500, "something odd", "999");
        assertEquals(999, e.code());
        assertEquals("something odd", e.serverMessage());
    }

    @Test
    void saysSoWhenTheBodyIsEmpty() {
        assertEquals(
                "HTTP status 502 with an empty body",
                ClickHouseException.fromResponse(502, "", null).serverMessage());
    }
}
