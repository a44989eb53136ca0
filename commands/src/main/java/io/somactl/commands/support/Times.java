package io.somactl.commands.support;

import io.somactl.core.text.Printable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one parser of times on the command line. Accepts: RFC 3339 / ISO-8601 with an offset
 * ({@code 2026-11-01T00:00:00Z}, {@code 2026-11-01T01:00:00+01:00}); a date-time without one, meaning
 * UTC ({@code 2026-11-01T00:00}); a date, meaning its start in UTC ({@code 2026-11-01}); {@code now};
 * and a span from now ({@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}, {@code 2w}), back from now
 * unless the option counts forward (an override's {@code --until}); {@code -1h} is always back and
 * {@code +1h} always forward.
 */
public final class Times {
    private static final Pattern SPAN = Pattern.compile("([+-]?)(\\d+)([smhdw])");

    /** The words every TIME option's error and help use. */
    public static final String FORMS = "RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01, its start in UTC), now,"
            + " or a span from now (90m, 2h, 7d, -1h)";

    private Times() {}

    /**
     * @param forward whether an unsigned span counts forward from {@code now} (else backward)
     * @throws IllegalArgumentException naming the forms accepted
     */
    public static Instant parse(String text, Instant now, boolean forward) {
        String value = text.strip();
        if (value.equalsIgnoreCase("now")) {
            return now;
        }
        Matcher span = SPAN.matcher(value);
        if (span.matches()) {
            long amount = Long.parseLong(span.group(2));
            Duration duration = switch (span.group(3)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            };
            boolean ahead = span.group(1).isEmpty() ? forward : span.group(1).equals("+");
            return ahead ? now.plus(duration) : now.minus(duration);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notADate) {
                    throw new IllegalArgumentException(Printable.quote(text) + " is not a time: use " + FORMS);
                }
            }
        }
    }

    /** {@link #parse}, a bad value being a usage error that names the option. */
    public static Instant instant(CommandSpec spec, String option, String text, Instant now, boolean future) {
        try {
            return parse(text, now, future);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** A time for options without spans in their help (catalog periods, --at): same parser, now is now. */
    public static Instant instant(CommandSpec spec, String option, String text) {
        return instant(spec, option, text, Instant.now(), false);
    }
}
