package io.somactl.commands.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TableRendererTest {
    private static String render(Table table, OutputFormat format) {
        StringWriter out = new StringWriter();
        TableRenderer.render(table, format, new PrintWriter(out));
        return out.toString();
    }

    private static Table money() {
        return Table.withColumns("tenant", "cost_usd")
                .row("acme", new BigDecimal("300.000000000000"))
                .row("globex", new BigDecimal("0.000000123456"));
    }

    @Test
    void jsonKeepsExactDecimalsWithTheirScaleAndNoExponent() {
        String json = render(money(), OutputFormat.json);
        assertTrue(json.contains("\"cost_usd\" : 300.000000000000"), json);
        assertTrue(json.contains("\"cost_usd\" : 0.000000123456"), json);
    }

    @Test
    void yamlAndCsvKeepExactDecimalsToo() {
        assertTrue(
                render(money(), OutputFormat.yaml).contains("cost_usd: 300.000000000000"),
                render(money(), OutputFormat.yaml));
        assertEquals(
                "tenant,cost_usd\r\nacme,300.000000000000\r\nglobex,0.000000123456\r\n",
                render(money(), OutputFormat.csv));
    }

    @Test
    void tablesAlignColumnsUnderUppercaseHeaders() {
        assertEquals(
                "TENANT  COST_USD\nacme    300.000000000000\nglobex  0.000000123456\n",
                render(money(), OutputFormat.table).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void controlCharactersInDataCannotReachTheTerminal() {
        String text = render(Table.withColumns("tenant").row("evil\u001b[2J\u202Ename"), OutputFormat.table);
        assertTrue(text.contains("evil\\u001b[2J\\u202ename"), text);
    }
}
