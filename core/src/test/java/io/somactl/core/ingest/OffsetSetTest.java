package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OffsetSetTest {
    @Test
    void holdsExactlyTheOffsetsAddedAtOrAboveItsBase() {
        OffsetSet.Builder builder = OffsetSet.from(1_000);
        builder.add(1_000);
        builder.add(1_005);
        builder.add(10_000_999);
        OffsetSet set = builder.build();
        assertTrue(set.contains(1_000) && set.contains(1_005) && set.contains(10_000_999));
        assertFalse(set.contains(999), "below the base nothing is stored");
        assertFalse(set.contains(1_001));
        assertFalse(set.contains(Long.MAX_VALUE));
        assertEquals(3, set.size());
    }

    @Test
    void refusesAnOffsetBelowItsBase() {
        assertThrows(IllegalStateException.class, () -> OffsetSet.from(10).add(9));
    }

    @Test
    void theEmptySetHoldsNothing() {
        assertFalse(OffsetSet.EMPTY.contains(0));
    }
}
