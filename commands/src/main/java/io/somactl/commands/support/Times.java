package io.somactl.commands.support;

import io.somactl.core.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Instants as people type them: RFC 3339, a date (its start, UTC), or a span from now ({@code 2h}, {@code 30m}, {@code 7d}). */
public final class Times {
    private static final Pattern SPAN = Pattern.compile("(\\d+)([smhd])");

    private Times() {}

    /** {@code future}: a span counts forward from now (for --until of an override); else backward (for --since). */
    public static Instant instant(CommandSpec spec, String option, String text, Instant now, boolean future) {
        Matcher span = SPAN.matcher(text.strip());
        if (span.matches()) {
            long amount = Long.parseLong(span.group(1));
            Duration duration = switch (span.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return future ? now.plus(duration) : now.minus(duration);
        }
        try {
            return PricingOptions.instant(spec, option, text);
        } catch (ParameterException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + Printable.quote(text) + " is not a time: use RFC 3339 "
                    + "(2023-11-17T00:00:00Z), a date (2023-11-17, its start in UTC) or a span from now (90m, 2h, 7d)");
        }
    }
}
