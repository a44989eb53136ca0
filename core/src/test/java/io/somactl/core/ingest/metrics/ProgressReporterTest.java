package io.somactl.core.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.testing.SettableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final StringWriter err = new StringWriter();
    private final IngestMetrics metrics = new IngestMetrics();

    @Test
    void onATerminalOneLineIsRewrittenInPlaceWithTheRateBetweenReports() {
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), true, clock);

        clock.advance(Duration.ofSeconds(1));
        metrics.consumed(Topic.SLM_METRICS, 1_204_000);
        metrics.inserted(Topic.SLM_METRICS, 1_203_990);
        metrics.deadLettered(Topic.SLM_METRICS, 10);
        metrics.lag(Map.of("slm.metrics", 53_120L));
        reporter.report(metrics.snapshot());
        assertEquals(
                "\ringest: 1,204,000 ev/s  consumed 1,204,000  inserted 1,203,990  dlq 10  lag 53,120  errors 0\u001b[K",
                err.toString(),
                "the first line: rate since the reporter started");

        clock.advance(Duration.ofSeconds(2));
        metrics.consumed(Topic.TOOL_METRICS, 364_680);
        metrics.failure(IngestMetrics.REDIS_UNAVAILABLE);
        reporter.report(metrics.snapshot());
        String second = err.toString().substring(err.toString().lastIndexOf('\r'));
        assertEquals(
                "\ringest: 182,340 ev/s  consumed 1,568,680  inserted 1,203,990  dlq 10  lag 53,120  errors 1\u001b[K",
                second,
                "364,680 events over 2 s is 182,340 ev/s");
        assertFalse(err.toString().contains("\n"), "the live line must not scroll");
    }

    @Test
    void finishingOnATerminalEndsTheLiveLineAndPrintsASummary() {
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), true, clock);
        clock.advance(Duration.ofSeconds(1));
        metrics.consumed(Topic.SLM_METRICS, 600);
        reporter.report(metrics.snapshot());
        clock.advance(Duration.ofSeconds(64));
        metrics.inserted(Topic.SLM_METRICS, 600);
        reporter.finish(metrics.snapshot());

        String[] lines = err.toString().split("\n", -1);
        assertEquals(3, lines.length, "the live line, the summary, then nothing: " + Arrays.toString(lines));
        assertTrue(lines[0].startsWith("\ringest: 600 ev/s"), lines[0]);
        assertEquals(
                "ingest finished in 1m 05s: consumed 600  inserted 600  dlq 0  skipped 0  lag 0  errors 0"
                        + "  (average 9.2 ev/s)",
                lines[1]);
        assertEquals("", lines[2], "the output should end with a newline so the shell prompt starts clean");
    }

    @Test
    void withoutATerminalLinesAreTimestampedKeyValuePairs() {
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), false, clock);
        clock.advance(Duration.ofSeconds(4));
        metrics.consumed(Topic.AUDIO_METRICS, 1_000);
        metrics.inserted(Topic.AUDIO_METRICS, 998);
        metrics.deadLettered(Topic.AUDIO_METRICS, 2);
        metrics.insertSucceeded(START.plusSeconds(3));
        metrics.batchCompleted(Duration.ofMillis(80), 998);
        reporter.report(metrics.snapshot());

        assertEquals(
                "2024-05-01T12:00:04Z ingest progress ev_per_s=250.0 consumed=1000 inserted=998 dead_lettered=2"
                        + " skipped=0 lag=0 errors=0 batches=1 last_insert=2024-05-01T12:00:03Z healthy=true\n",
                err.toString());
        assertFalse(
                err.toString().contains("\r") || err.toString().contains("\u001b"),
                "a log file should get no carriage returns or escape codes");
    }

    @Test
    void withoutATerminalAtMostOneLinePerIntervalAndTheRateCoversIt() {
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), false, clock);
        for (int second = 1; second <= 25; second++) {
            clock.advance(Duration.ofSeconds(1));
            metrics.consumed(Topic.SLM_METRICS, 100);
            reporter.report(metrics.snapshot());
        }
        List<String> lines = err.toString().lines().toList();
        assertEquals(3, lines.size(), "25 reports a second apart should log at 1 s, 11 s and 21 s: " + lines);
        assertTrue(lines.get(0).startsWith("2024-05-01T12:00:01Z "), lines.get(0));
        assertTrue(lines.get(1).startsWith("2024-05-01T12:00:11Z "), lines.get(1));
        assertTrue(lines.get(2).startsWith("2024-05-01T12:00:21Z "), lines.get(2));
        assertTrue(
                lines.get(1).contains(" ev_per_s=100.0 consumed=1100 "),
                "rate over the 10 s since the last line: " + lines.get(1));
    }

    @Test
    void thePlainIntervalIsConfigurable() {
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), false, clock, Duration.ofMinutes(1));
        for (int second = 1; second <= 130; second++) {
            clock.advance(Duration.ofSeconds(1));
            reporter.report(metrics.snapshot());
        }
        assertEquals(3, err.toString().lines().count(), "one line a minute over 130 s: at 1 s, 61 s and 121 s");
    }

    @Test
    void finishingWithoutATerminalLogsOneSummaryLine() {
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), false, clock);
        clock.advance(Duration.ofSeconds(20));
        metrics.consumed(Topic.POLICY_EVENTS, 400);
        metrics.inserted(Topic.POLICY_EVENTS, 400);
        reporter.finish(metrics.snapshot());
        assertEquals(
                "2024-05-01T12:00:20Z ingest finished ev_per_s=20.0 consumed=400 inserted=400 dead_lettered=0"
                        + " skipped=0 lag=0 errors=0 batches=0 last_insert=none healthy=true elapsed_s=20\n",
                err.toString());
    }

    @Test
    void theSummaryShowsDuplicatesWhenThereWereAny() {
        ProgressReporter terminal = new ProgressReporter(new PrintWriter(err), true, clock);
        clock.advance(Duration.ofSeconds(10));
        metrics.consumed(Topic.SLM_METRICS, 500);
        metrics.inserted(Topic.SLM_METRICS, 480);
        metrics.duplicates(Topic.SLM_METRICS, 20);
        terminal.finish(metrics.snapshot());
        assertEquals(
                "ingest finished in 10s: consumed 500  inserted 480  dlq 0  skipped 0  duplicates 20  lag 0  errors 0"
                        + "  (average 50 ev/s)\n",
                err.toString());

        StringWriter plain = new StringWriter();
        new ProgressReporter(new PrintWriter(plain), false, clock).finish(metrics.snapshot());
        assertTrue(plain.toString().contains(" skipped=0 duplicates=20 lag=0 "), plain.toString());
    }

    @Test
    void twoReportsAtTheSameInstantKeepThePreviousRate() {
        ProgressReporter reporter = new ProgressReporter(new PrintWriter(err), true, clock);
        clock.advance(Duration.ofSeconds(1));
        metrics.consumed(Topic.SLM_METRICS, 50);
        reporter.report(metrics.snapshot());
        metrics.consumed(Topic.SLM_METRICS, 50);
        reporter.report(metrics.snapshot());
        assertTrue(
                err.toString().endsWith("\ringest: 50 ev/s  consumed 100  inserted 0  dlq 0  lag 0  errors 0\u001b[K"),
                err.toString());
    }
}
