package io.somactl.core.top;

import io.somactl.core.spend.SpendReport.GroupBy;
import io.somactl.core.text.Printable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes {@code top}'s snapshots. Every panel is fetched on its own thread and waited for at most the panel
 * timeout (all panels in parallel, so one refresh takes at most that long); a panel that fails or does not answer
 * in time keeps its previous value and is marked stale. A fetch still running is not started again: the next
 * refresh takes its result if it has come by then.
 */
public final class TopService implements AutoCloseable {
    /** Top personas shown. */
    public static final int PERSONAS = 10;

    enum Panel {
        SPEND,
        PERSONAS,
        BUDGETS,
        INGEST,
        ANOMALIES
    }

    private final TopSources sources;
    private final Duration panelTimeout;
    private final Clock clock;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "somactl-top-panel");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Panel, Future<?>> running = new EnumMap<>(Panel.class);
    private TopSnapshot last;

    public TopService(TopSources sources, Duration panelTimeout, Clock clock) {
        this.sources = sources;
        this.panelTimeout = panelTimeout;
        this.clock = clock;
    }

    /** One refresh: at most the panel timeout, whatever the servers do. */
    public TopSnapshot refresh() {
        Instant now = clock.instant();
        Instant daySince =
                now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant until = daySince.plus(Duration.ofDays(1));
        Instant hourSince = now.minus(Duration.ofHours(1));
        start(
                Panel.SPEND,
                () -> TopModel.join(
                        sources.spend(GroupBy.TENANT, GroupBy.MODEL, hourSince, until),
                        sources.spend(GroupBy.TENANT, GroupBy.MODEL, daySince, until)));
        start(
                Panel.PERSONAS,
                () -> TopModel.topPersonas(sources.spend(GroupBy.TENANT, GroupBy.PERSONA, daySince, until), PERSONAS));
        start(Panel.BUDGETS, () -> sources.budgets(now));
        start(Panel.INGEST, sources::ingest);
        start(Panel.ANOMALIES, () -> sources.anomalies(now.minus(Duration.ofHours(24))));
        long deadline = System.nanoTime() + panelTimeout.toNanos();
        TopSnapshot before = last;
        Fetched<List<TenantModelSpend>> spend = collect(Panel.SPEND, before == null ? null : before.spend(), deadline);
        Fetched<List<PersonaSpend>> personas =
                collect(Panel.PERSONAS, before == null ? null : before.personas(), deadline);
        Fetched<List<BudgetAlert>> budgets = collect(Panel.BUDGETS, before == null ? null : before.budgets(), deadline);
        Fetched<List<TopicHealth>> ingest = collect(Panel.INGEST, before == null ? null : before.ingest(), deadline);
        Fetched<List<AnomalyRow>> anomalies =
                collect(Panel.ANOMALIES, before == null ? null : before.anomalies(), deadline);
        Double rate = before == null || ingest.isStale()
                ? null
                : TopModel.deadLettersPerMinute(
                        before.ingest().value(), before.ingest().fetchedAt(), ingest.value(), ingest.fetchedAt());
        last = new TopSnapshot(now, hourSince, daySince, until, spend, personas, budgets, ingest, anomalies, rate);
        return last;
    }

    private void start(Panel panel, Callable<?> fetch) {
        // a fetch that did not answer by the last refresh is still running: wait for it rather than pile up another
        running.computeIfAbsent(panel, p -> threads.submit(fetch));
    }

    @SuppressWarnings("unchecked")
    private <T> Fetched<T> collect(Panel panel, Fetched<T> previous, long deadline) {
        Fetched<T> older = previous == null ? Fetched.none() : previous;
        Future<?> future = running.get(panel);
        try {
            T value = (T) future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            running.remove(panel);
            return Fetched.fresh(value, clock.instant());
        } catch (TimeoutException e) {
            return older.stale("no answer in " + panelTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            running.remove(panel);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return older.stale(Printable.message(String.valueOf(
                    cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return older.stale("interrupted");
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        sources.close();
    }
}
