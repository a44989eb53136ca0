package io.somactl.core.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DdlCompatibilityTest {
    @Test
    void clickHouse18NeedsTheLowCardinalitySettingAndLaterReleasesDoNot() {
        assertTrue(DdlCompatibility.needsLowCardinalitySetting("18.16.1"));
        assertTrue(DdlCompatibility.needsLowCardinalitySetting("18.14.19"));
        assertFalse(DdlCompatibility.needsLowCardinalitySetting("19.17.4.11"));
        assertFalse(DdlCompatibility.needsLowCardinalitySetting("24.8.4.13"));
        assertFalse(
                DdlCompatibility.needsLowCardinalitySetting("unknown"), "an odd version string sends nothing extra");
    }
}
