package io.somactl.core.budget;

import io.somactl.core.text.Printable;
import java.util.Locale;

/**
 * Calendar windows start at midnight (day) or on the 1st (month) in the tenant's time zone and end at
 * the next one; rolling windows are the last 24 hours or the last 30 days, counted in whole UTC hours.
 */
public enum WindowKind {
    CALENDAR("calendar"),
    ROLLING("rolling");

    private final String cliName;

    WindowKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static WindowKind parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "calendar" -> CALENDAR;
            case "rolling" -> ROLLING;
            default ->
                throw new IllegalArgumentException(
                        "unknown window " + Printable.quote(name) + "; use calendar or rolling");
        };
    }
}
