package io.somactl.core.schema;

import io.somactl.core.clickhouse.ClickHouse;

/**
 * ClickHouse 18.x accepts {@code LowCardinality} columns only with
 * {@code allow_experimental_low_cardinality_type=1}; later releases made the type standard and keep
 * the setting as an obsolete no-op. DDL sent to an 18.x server carries the setting.
 */
final class DdlCompatibility {
    static final String LOW_CARDINALITY = "allow_experimental_low_cardinality_type";

    private DdlCompatibility() {}

    static ClickHouse forDdl(ClickHouse clickHouse) {
        return needsLowCardinalitySetting(clickHouse.serverVersion())
                ? clickHouse.withSetting(LOW_CARDINALITY, "1")
                : clickHouse;
    }

    static boolean needsLowCardinalitySetting(String serverVersion) {
        int dot = serverVersion.indexOf('.');
        String major = dot < 0 ? serverVersion : serverVersion.substring(0, dot);
        return major.matches("\\d+") && Integer.parseInt(major) <= 18;
    }
}
