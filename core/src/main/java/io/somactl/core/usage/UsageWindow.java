package io.somactl.core.usage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The calendar buckets counters are kept in, in UTC: hours (from which budgets build days in a
 * tenant's time zone and rolling windows), days and months.
 */
public enum UsageWindow {
    HOUR("h", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC)),
    DAY("d", DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC)),
    MONTH("m", DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC));

    private final String code;
    private final DateTimeFormatter format;

    UsageWindow(String code, DateTimeFormatter format) {
        this.code = code;
        this.format = format;
    }

    public String code() {
        return code;
    }

    /** The bucket an instant falls in: {@code 2023-11-16T18}, {@code 2023-11-16}, {@code 2023-11}. */
    public String bucket(Instant instant) {
        return format.format(instant);
    }
}
