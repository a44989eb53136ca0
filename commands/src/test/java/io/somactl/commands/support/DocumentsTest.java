package io.somactl.commands.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A document held as JSON text (a ranking, anomaly flags): JSON byte for byte, YAML the same tree with exact decimals. */
class DocumentsTest {
    private static final String RANKING =
            "{\"scope\":\"global\",\"score\":0.000000123456,\"weight\":0.100000,\"value\":\"1.50\","
                    + "\"ranking\":[{\"rank\":1,\"model\":\"soma-slm-8b\"}],\"insufficient_data\":[]}";

    private static String render(String json, OutputFormat format) {
        StringWriter out = new StringWriter();
        Documents.renderJson(json, format, new PrintWriter(out));
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void jsonIsTheTextItself() {
        assertEquals(RANKING + "\n", render(RANKING, OutputFormat.json));
    }

    @Test
    void yamlIsTheSameTreeDecimalsExactAndNumberLikeStringsQuoted() {
        assertEquals("""
                scope: global
                score: 0.000000123456
                weight: 0.100000
                value: "1.50"
                ranking:
                - rank: 1
                  model: soma-slm-8b
                insufficient_data: []
                """, render(RANKING, OutputFormat.yaml));
    }
}
