package io.somactl.commands.support;

import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.report.TimeRange;
import io.somactl.core.scoring.ScoreKeys;
import io.somactl.core.scoring.ScoreStore;
import io.somactl.core.services.Services;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The score commands' view of the run's {@link Services} (ClickHouse, and Redis opened only when needed) and
 * their window; closing this closes nothing (the command tree closes the services).
 */
public final class ScoreServices implements AutoCloseable {
    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,4})([hd])");
    private final Services services;

    public ScoreServices(Services services) {
        this.services = services;
    }

    public HttpClickHouse clickHouse() {
        return services.clickHouse();
    }

    public ScoreStore store() {
        return services.scoreStore();
    }

    public ScoreKeys keys() {
        return services.scoreKeys();
    }

    /**
     * {@code --since/--until} when given; else {@code --window} (default {@code fallback}) of whole hours ending
     * at the start of the current hour, so every run within an hour (cron) scores the same window.
     */
    public static TimeRange window(
            CommandSpec spec, TimeRangeOptions time, String window, String fallback, Clock clock) {
        if (time.given() && window != null) {
            throw new ParameterException(spec.commandLine(), "give --window or --since/--until, not both");
        }
        Duration length = parse(spec, window == null ? fallback : window);
        if (time.given()) {
            return time.range(length, clock);
        }
        Instant until = clock.instant().truncatedTo(ChronoUnit.HOURS);
        return TimeRange.of(until.minus(length), until);
    }

    private static Duration parse(CommandSpec spec, String text) {
        Matcher m = WINDOW.matcher(text.strip());
        if (!m.matches()) {
            throw new ParameterException(
                    spec.commandLine(), "--window: '" + text + "' is not a number of hours or days (24h, 7d)");
        }
        long n = Long.parseLong(m.group(1));
        return m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
    }

    @Override
    public void close() {
        // the services are closed by their owner
    }
}
