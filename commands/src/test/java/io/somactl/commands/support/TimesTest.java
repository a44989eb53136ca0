package io.somactl.commands.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one time parser takes every form the four parsers before it took, and says what it takes. */
class TimesTest {
    private static final Instant NOW = Instant.parse("2026-11-05T10:30:00Z");

    private static Instant back(String text) {
        return Times.parse(text, NOW, false);
    }

    @Test
    void absoluteForms() {
        assertEquals(
                Instant.parse("2026-11-01T00:00:00Z"), back("2026-11-01T00:00:00Z"), "RFC 3339, Z (spend's Instant)");
        assertEquals(Instant.parse("2026-11-01T00:00:00.250Z"), back("2026-11-01T00:00:00.250Z"), "fractions");
        assertEquals(Instant.parse("2026-10-31T23:00:00Z"), back("2026-11-01T00:00:00+01:00"), "an offset (pricing)");
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), back("2026-11-01"), "a date: its start in UTC");
        assertEquals(Instant.parse("2026-11-01T06:00:00Z"), back("2026-11-01T06:00"), "no offset: UTC");
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), back(" 2026-11-01 "), "surrounding blanks");
        assertEquals(NOW, back("now"));
        assertEquals(NOW, back("NOW"));
    }

    @Test
    void spansCountBackUnlessTheOptionCountsForwardAndASignDecides() {
        assertEquals(NOW.minusSeconds(2 * 3600), back("2h"));
        assertEquals(NOW.minusSeconds(90 * 60), back("90m"));
        assertEquals(NOW.minusSeconds(45), back("45s"));
        assertEquals(NOW.minusSeconds(7 * 86400), back("7d"));
        assertEquals(NOW.minusSeconds(14 * 86400), back("2w"));
        assertEquals(NOW.minusSeconds(3600), back("-1h"));
        assertEquals(NOW.plusSeconds(3600), back("+1h"));
        assertEquals(NOW.plusSeconds(6 * 3600), Times.parse("6h", NOW, true), "an override's --until counts forward");
        assertEquals(NOW.minusSeconds(3600), Times.parse("-1h", NOW, true));
    }

    @Test
    void anythingElseIsRefusedNamingTheForms() {
        for (String bad : new String[] {"yesterday", "2026-13-01", "1y", "", "2h ago", "\u202E2h"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> back(bad), bad);
            assertTrue(e.getMessage().contains("is not a time: use RFC 3339"), e.getMessage());
        }
    }
}
