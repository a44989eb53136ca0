package io.somactl.commands.support;

import io.somactl.core.report.TimeRange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --since TIME --until TIME} for every command that reads a period (times by {@link Times}: RFC 3339,
 * a date, {@code now}, a span back from now), or {@code --period 2026-11} / {@code 2026-11-05} where a
 * command takes one. Ranges are half-open: since included, until not. Each command says its default
 * range in its description.
 */
public final class TimeRangeOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description =
                    "Start, included: RFC 3339 (2026-11-01T00:00:00Z), a date (its start, UTC), now, or a span back from now (2h, 7d).")
    private String since;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "End, excluded: RFC 3339, a date (its start, UTC), now, or a span back from now (1h).")
    private String until;

    /** The range given, or the {@code fallback} before now (whole hours) when neither is. */
    public TimeRange range(Duration fallback, Clock clock) {
        Instant now = clock.instant();
        Instant end = until != null
                ? parse("--until", until, now)
                : now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant start = since != null ? parse("--since", since, now) : end.minus(fallback);
        try {
            return TimeRange.of(start, end);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /** {@code --period} when given (and then neither --since nor --until), else --since and --until, both required. */
    public TimeRange rangeOrPeriod(String period) {
        if (period != null) {
            if (since != null || until != null) {
                throw new ParameterException(mixee.commandLine(), "give --period or --since/--until, not both");
            }
            try {
                return TimeRange.parsePeriod(period);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(mixee.commandLine(), "--period: " + e.getMessage());
            }
        }
        if (since == null || until == null) {
            throw new ParameterException(
                    mixee.commandLine(),
                    "which period? give --period 2026-11 (a month or a day) or --since and --until");
        }
        Instant now = Instant.now();
        try {
            return TimeRange.of(parse("--since", since, now), parse("--until", until, now));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /** --since, or {@code fallback} (may be null: no start) when not given. */
    public Instant since(Instant fallback, Instant now) {
        return since == null ? fallback : parse("--since", since, now);
    }

    /** --until, or {@code fallback} (may be null: no end) when not given. */
    public Instant until(Instant fallback, Instant now) {
        return until == null ? fallback : parse("--until", until, now);
    }

    public boolean given() {
        return since != null || until != null;
    }

    private Instant parse(String option, String text, Instant now) {
        return Times.instant(mixee, option, text, now, false);
    }
}
