package io.somactl.core.budget;

import io.somactl.core.text.Printable;
import java.util.Arrays;
import java.util.Locale;

/** How long a budget's window is: a day (calendar day or the last 24 h) or a month (calendar month or the last 30 d). */
public enum Period {
    DAILY("daily"),
    MONTHLY("monthly");

    private final String cliName;

    Period(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Period parse(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.cliName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown budget period " + Printable.quote(name) + "; use daily or monthly"));
    }
}
