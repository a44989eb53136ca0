package io.somactl.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.HostileStrings;
import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void aQuotedValueIsOneLineWithoutControlOrBidiCharacters() {
        for (String hostile : HostileStrings.ALL) {
            String quoted = Printable.quote(hostile);
            assertTrue(quoted.startsWith("'"), quoted);
            quoted.codePoints()
                    .forEach(cp -> assertFalse(
                            Printable.unsafe(cp),
                            "quote("
                                    + hostile.codePoints()
                                            .mapToObj(Integer::toHexString)
                                            .toList() + ") still holds U+" + Integer.toHexString(cp) + ": " + quoted));
        }
        assertEquals("'line\\nbreak'", Printable.quote("line\nbreak"));
        assertEquals("'\\u202Eevil'", Printable.quote("\u202Eevil"));
        assertEquals("'\\u001B[31mred'", Printable.quote("\u001b[31mred"));
        assertEquals("'O\\'Brien'", Printable.quote("O'Brien"));
        assertEquals("'Zoë 東京 🙂'", Printable.quote("Zoë 東京 🙂"), "letters and emoji are shown as they are");
        assertEquals("''", Printable.quote(""));
        assertEquals("(none)", Printable.quote(null));
    }

    @Test
    void aLongValueIsCutToSixtyFourCharactersWithItsLengthSaid() {
        String quoted = Printable.quote("a".repeat(10_000));
        assertEquals("'" + "a".repeat(64) + "…'(10000 chars)", quoted);
        assertEquals(
                "'" + "🙂".repeat(64) + "…'(65 chars)",
                Printable.quote("🙂".repeat(65)),
                "cut between characters, not UTF-16 halves");
        assertEquals("'" + "b".repeat(64) + "'", Printable.quote("b".repeat(64)));
    }

    @Test
    void aWholeMessageKeepsItsLinesButLosesEscapesAndIsCut() {
        assertEquals(
                "problems:\n  - a \\u202Eb \\u001B[0m\\r\t",
                Printable.message("problems:\n  - a \u202Eb \u001b[0m\r\t"));
        assertEquals(
                "Unknown option: '" + "-".repeat(64) + "…'(10000 chars)",
                Printable.message("Unknown option: '" + "-".repeat(10_000) + "'"),
                "a long quoted value echoed by picocli is cut like quote() cuts it");
        String quoted = Printable.quote("q".repeat(100));
        assertEquals(
                "error: " + quoted + " is not a tenant",
                Printable.message("error: " + quoted + " is not a tenant"),
                "a value quote() cut is not cut again");
        String cut = Printable.message("x".repeat(5000));
        assertEquals("x".repeat(Printable.MAX_MESSAGE_CODE_POINTS) + "…(5000 chars)", cut);
    }
}
