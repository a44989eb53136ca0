package io.somactl.core.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTest {

    @Test
    void quotesPlainTextUnchangedBetweenSingleQuotes() {
        assertEquals("'acme'", Sql.quote("acme"));
    }

    @Test
    void escapesQuotesAndBackslashesSoTheLiteralCannotEndEarly() {
        assertEquals("'O\\'Brien'", Sql.quote("O'Brien"));
        assertEquals("'a\\\\b'", Sql.quote("a\\b"));
        assertEquals("'\\\\\\''", Sql.quote("\\'"), "a backslash before a quote must not swallow the quote's escape");
        assertEquals("'x\\'); DROP TABLE t; --'", Sql.quote("x'); DROP TABLE t; --"));
    }

    @Test
    void escapesControlCharactersIncludingNulAndNewlines() {
        assertEquals("'a\\0b'", Sql.quote("a\0b"));
        assertEquals("'l1\\nl2\\rl3\\tl4'", Sql.quote("l1\nl2\rl3\tl4"));
        assertEquals("'\\b\\f'", Sql.quote("\b\f"));
        assertEquals("'\\x1B[31m'", Sql.quote("\u001b[31m"), "ESC must not reach SQL raw");
        assertEquals("'\\x7F'", Sql.quote("\u007f"));
    }

    @Test
    void leavesUnicodeAsIs() {
        assertEquals("'Zoë 東京 \u202Eevil 🙂'", Sql.quote("Zoë 東京 \u202Eevil 🙂"));
    }

    @Test
    void quotedLiteralNeverContainsAnUnescapedQuoteOrRawControlCharacter() {
        java.util.Random random = new java.util.Random(20231116);
        for (int n = 0; n < 10_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                text.append((char) random.nextInt(0x80));
            }
            String literal = Sql.quote(text.toString());
            String inner = literal.substring(1, literal.length() - 1);
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                assertFalse(c < 0x20 || c == 0x7f, "raw control character in " + literal);
                if (c == '\\') {
                    i++;
                } else {
                    assertTrue(c != '\'', "unescaped quote in " + literal + " for input " + text);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"slm_metrics", "_tmp", "A1", "somactl"})
    void acceptsPlainIdentifiers(String name) {
        assertEquals(name, Sql.identifier(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "a-b", "a b", "a.b", "a;DROP", "t`", "é", "a\0", "x'--"})
    void rejectsAnythingElseAsAnIdentifier(String name) {
        IllegalArgumentException problem = assertThrows(IllegalArgumentException.class, () -> Sql.identifier(name));
        assertTrue(problem.getMessage().startsWith("not a valid ClickHouse name"), problem.getMessage());
    }

    @Test
    void rejectsOverlongIdentifiers() {
        assertThrows(IllegalArgumentException.class, () -> Sql.identifier("a".repeat(64)));
        assertEquals("a".repeat(63), Sql.identifier("a".repeat(63)));
    }
}
