package io.somactl.core.ingest.metrics;

import io.somactl.core.events.Topic;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the ingest worker has done so far: events consumed, inserted, dead-lettered, skipped and
 * left out as duplicates per topic, batch latency, consumer lag, the last successful insert, failures by kind and whether the
 * worker is healthy.
 *
 * <p>The worker writes from its poll thread, once per batch (every method takes a count); the
 * metrics server and the progress display read concurrently. Writes are lock-free ({@link LongAdder}
 * per counter, a volatile reference per gauge); a read ({@link #snapshot()}, {@link #prometheusText()})
 * sees each counter at some moment during the read, not all counters at one instant, which is what
 * Prometheus expects of a scrape.
 */
public final class IngestMetrics {
    /** Failure kind: ClickHouse did not answer or refused an insert; the worker retries. */
    public static final String CLICKHOUSE_UNAVAILABLE = "clickhouse_unavailable";
    /** Failure kind: Redis did not answer; the worker retries. */
    public static final String REDIS_UNAVAILABLE = "redis_unavailable";
    /** Failure kind: Kafka did not answer (poll, commit or dead-letter produce); the worker retries. */
    public static final String KAFKA_UNAVAILABLE = "kafka_unavailable";

    /**
     * Distinct failure kinds kept as their own series; further kinds count under {@link #OTHER_KIND}
     * so that a kind built from an error message cannot grow the scrape without bound.
     */
    static final int MAX_FAILURE_KINDS = 64;

    static final String OTHER_KIND = "other";

    static final String PREFIX = "somactl_ingest_";

    /** Upper bounds of the batch latency histogram, in nanoseconds (0.01 s to 10 s; +Inf implied). */
    private static final long[] LATENCY_BOUNDS_NANOS = {
        10_000_000L,
        25_000_000L,
        50_000_000L,
        100_000_000L,
        250_000_000L,
        500_000_000L,
        1_000_000_000L,
        2_500_000_000L,
        5_000_000_000L,
        10_000_000_000L,
    };

    private static final Topic[] TOPICS = Topic.values();

    private final LongAdder[] consumed = adders(TOPICS.length);
    private final LongAdder[] inserted = adders(TOPICS.length);
    private final LongAdder[] deadLettered = adders(TOPICS.length);
    private final LongAdder[] skipped = adders(TOPICS.length);
    private final LongAdder[] duplicates = adders(TOPICS.length);

    /** Batches per latency bucket, not cumulative; the last one is above the largest bound. */
    private final LongAdder[] latencyBuckets = adders(LATENCY_BOUNDS_NANOS.length + 1);

    private final LongAdder latencySumNanos = new LongAdder();
    private final LongAdder batchRows = new LongAdder();

    private final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();

    /**
     * Distinct (tenant, model) pairs kept as their own spend series; further pairs count under
     * tenant and model {@link #OTHER_KIND} ("other"), so a flood of tenants cannot grow the scrape without bound.
     */
    public static final int MAX_SPEND_SERIES = 1000;

    private final ConcurrentHashMap<List<String>, Spend> spend = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, LongAdder> deadLettersByReason = new ConcurrentHashMap<>();
    private volatile Map<List<String>, Long> partitionLag = Map.of();
    private volatile String pricingCatalogVersion;

    private volatile Map<String, Long> lag;
    private final AtomicReference<Instant> lastInsert = new AtomicReference<>();
    private volatile Health health = new Health(true, "");

    public IngestMetrics() {
        Map<String, Long> zeroLag = new LinkedHashMap<>();
        for (Topic topic : TOPICS) {
            zeroLag.put(topic.topicName(), 0L);
        }
        lag = Collections.unmodifiableMap(zeroLag);
        for (String kind : new String[] {CLICKHOUSE_UNAVAILABLE, REDIS_UNAVAILABLE, KAFKA_UNAVAILABLE}) {
            failures.put(kind, new LongAdder());
        }
    }

    /** Events read from Kafka for {@code topic}. */
    public void consumed(Topic topic, long events) {
        add(consumed, topic, events, "events");
    }

    /** Rows written to ClickHouse for {@code topic}. */
    public void inserted(Topic topic, long rows) {
        add(inserted, topic, rows, "rows");
    }

    /** Events sent to {@code topic}'s dead-letter topic (failed validation or pricing). */
    public void deadLettered(Topic topic, long events) {
        add(deadLettered, topic, events, "events");
    }

    /** Replayed events (after a restart) that ClickHouse already held, so were not inserted again. */
    public void skippedAlreadyStored(Topic topic, long events) {
        add(skipped, topic, events, "events");
    }

    /**
     * Events whose (tenant, event_id) was already stored from another Kafka record, with the same
     * values: a producer's retry, neither stored nor counted again.
     */
    public void duplicates(Topic topic, long events) {
        add(duplicates, topic, events, "events");
    }

    /** One batch written: how long it took (poll to commit, as the worker measures it) and its rows. */
    public void batchCompleted(Duration latency, long rows) {
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("batch latency cannot be negative: " + latency);
        }
        requireCount(rows, "rows");
        long nanos = saturatedNanos(latency);
        int bucket = 0;
        while (bucket < LATENCY_BOUNDS_NANOS.length && nanos > LATENCY_BOUNDS_NANOS[bucket]) {
            bucket++;
        }
        latencySumNanos.add(nanos);
        batchRows.add(rows);
        // Last: a batch counts once its bucket does, so readers never see a count without its bucket.
        latencyBuckets[bucket].increment();
    }

    /**
     * The consumer lag per Kafka topic name, as last measured; replaces the previous measurement.
     * The six telemetry topics are always reported, with 0 when absent from {@code lagByTopic}.
     * A negative lag (offsets read at slightly different moments) counts as 0.
     */
    public void lag(Map<String, Long> lagByTopic) {
        Objects.requireNonNull(lagByTopic, "lagByTopic");
        Map<String, Long> next = new LinkedHashMap<>();
        for (Topic topic : TOPICS) {
            next.put(topic.topicName(), 0L);
        }
        new TreeMap<>(lagByTopic).forEach((topic, value) -> {
            Objects.requireNonNull(value, () -> "lag of topic " + topic);
            next.put(topic, Math.max(0L, value));
        });
        lag = Collections.unmodifiableMap(next);
    }

    /** The sum of the last measured lag over all topics. */
    public long totalLag() {
        long total = 0;
        for (long value : lag.values()) {
            total += value;
        }
        return total;
    }

    /** A batch reached ClickHouse at {@code at}. */
    public void insertSucceeded(Instant at) {
        Objects.requireNonNull(at, "at");
        lastInsert.accumulateAndGet(
                at, (previous, next) -> previous == null || next.isAfter(previous) ? next : previous);
    }

    /**
     * One failure of {@code kind} (e.g. {@link #CLICKHOUSE_UNAVAILABLE}); the worker carries on or
     * retries. Use a short fixed word per kind, not an error message: every kind is its own series.
     */
    public void failure(String kind) {
        String key = kind == null || kind.isBlank() ? "unknown" : kind;
        LongAdder adder = failures.get(key);
        if (adder == null) {
            adder = failures.size() >= MAX_FAILURE_KINDS
                    ? failures.computeIfAbsent(OTHER_KIND, k -> new LongAdder())
                    : failures.computeIfAbsent(key, k -> new LongAdder());
        }
        adder.increment();
    }

    /**
     * Usage counted by this worker (what it adds to the budget counters): {@code tokens} (all classes)
     * and the exact {@code costUsd}, for {@code tenant} and {@code model} ({@code voice} for voice turns).
     */
    public void spent(String tenant, String model, long tokens, BigDecimal costUsd) {
        Objects.requireNonNull(costUsd, "costUsd");
        requireCount(tokens, "tokens");
        List<String> key = List.of(tenant == null ? "" : tenant, model == null ? "" : model);
        Spend series = spend.get(key);
        if (series == null) {
            series = spend.size() >= MAX_SPEND_SERIES
                    ? spend.computeIfAbsent(List.of(OTHER_KIND, OTHER_KIND), k -> new Spend())
                    : spend.computeIfAbsent(key, k -> new Spend());
        }
        series.add(tokens, costUsd);
    }

    /** {@code events} of {@code topic} dead-lettered for {@code reason}. */
    public void deadLettered(Topic topic, DeadLetterReason reason, long events) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
        requireCount(events, "events");
        if (events != 0) {
            deadLettersByReason
                    .computeIfAbsent(List.of(topic.topicName(), reason.label()), k -> new LongAdder())
                    .add(events);
        }
    }

    /** The consumer lag per partition ({@code topic} name, partition number), as last measured; replaces the previous one. */
    public void partitionLag(Map<String, Map<Integer, Long>> lagByTopicAndPartition) {
        Map<List<String>, Long> next = new TreeMap<>(java.util.Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> Integer.parseInt(k.get(1))));
        lagByTopicAndPartition.forEach((topic, partitions) -> partitions.forEach(
                (partition, value) -> next.put(List.of(topic, String.valueOf(partition)), Math.max(0L, value))));
        partitionLag = Collections.unmodifiableMap(next);
    }

    /** The pricing catalog version the worker prices with (an info metric). */
    public void pricingCatalog(String version) {
        pricingCatalogVersion = version;
    }

    /** Whether {@code /healthz} answers 200; {@code reason} is what it answers otherwise. */
    public void setHealthy(boolean healthy, String reason) {
        health = new Health(healthy, reason == null ? "" : reason.strip());
    }

    public boolean healthy() {
        return health.healthy();
    }

    Health health() {
        return health;
    }

    /** Everything at about this moment, for the progress display and tests. */
    public Snapshot snapshot() {
        Map<String, Long> failuresByKind = new TreeMap<>();
        failures.forEach((kind, adder) -> failuresByKind.put(kind, adder.sum()));
        Health currentHealth = health;
        return new Snapshot(
                byTopic(consumed),
                byTopic(inserted),
                byTopic(deadLettered),
                byTopic(skipped),
                byTopic(duplicates),
                lag,
                failuresByKind,
                Optional.ofNullable(lastInsert.get()),
                sum(latencyBuckets),
                batchRows.sum(),
                Duration.ofNanos(latencySumNanos.sum()),
                currentHealth.healthy(),
                currentHealth.reason());
    }

    /** The metrics in the Prometheus text exposition format 0.0.4. */
    public String prometheusText() {
        StringBuilder out = new StringBuilder(4096);
        PrometheusText text = new PrometheusText(out);

        counterPerTopic(text, "events_consumed_total", "Events read from Kafka, per topic.", consumed);
        counterPerTopic(text, "events_inserted_total", "Rows written to ClickHouse, per topic.", inserted);
        counterPerTopic(
                text,
                "events_dead_lettered_total",
                "Events sent to the topic's dead-letter topic (<topic>.dlq), per topic.",
                deadLettered);
        counterPerTopic(
                text,
                "events_skipped_total",
                "Replayed events already stored in ClickHouse and not inserted again, per topic.",
                skipped);
        counterPerTopic(
                text,
                "events_duplicate_total",
                "Events whose tenant and event_id were already stored from another Kafka record, with the same values:"
                        + " not stored or counted again, per topic.",
                duplicates);

        String histogram = PREFIX + "batch_duration_seconds";
        text.family(histogram, "histogram", "Time to process one batch, from poll to commit.");
        long cumulative = 0;
        for (int i = 0; i < LATENCY_BOUNDS_NANOS.length; i++) {
            cumulative += latencyBuckets[i].sum();
            text.sample(histogram + "_bucket", "le", seconds(LATENCY_BOUNDS_NANOS[i]), cumulative);
        }
        cumulative += latencyBuckets[LATENCY_BOUNDS_NANOS.length].sum();
        text.sample(histogram + "_bucket", "le", "+Inf", cumulative);
        text.sample(histogram + "_sum", seconds(latencySumNanos.sum()));
        text.sample(histogram + "_count", cumulative);

        String rows = PREFIX + "batch_rows_total";
        text.family(rows, "counter", "Rows in completed batches (divide by the batch count for the mean batch size).");
        text.sample(rows, batchRows.sum());

        String lagName = PREFIX + "consumer_lag";
        text.family(
                lagName,
                "gauge",
                "Messages behind the end of the topic, summed over its partitions, as last measured.");
        lag.forEach((topic, value) -> text.sample(lagName, "topic", topic, value));

        String last = PREFIX + "last_insert_timestamp_seconds";
        text.family(last, "gauge", "Unix time of the last batch written to ClickHouse; 0 until the first.");
        Instant lastAt = lastInsert.get();
        text.sample(last, lastAt == null ? "0" : unixSeconds(lastAt));

        String failuresName = PREFIX + "failures_total";
        text.family(failuresName, "counter", "Failures by kind; the worker retries or carries on after each.");
        new TreeMap<>(failures).forEach((kind, adder) -> text.sample(failuresName, "kind", kind, adder.sum()));

        String cost = PREFIX + "cost_usd_total";
        text.family(
                cost,
                "counter",
                "Cost in USD of the events counted (exact decimal), per tenant and model; at most " + MAX_SPEND_SERIES
                        + " pairs, the rest under tenant and model \"other\".");
        Map<List<String>, Spend> spendSeries = new TreeMap<>(
                java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        spendSeries.putAll(spend);
        spendSeries.forEach((key, series) -> text.sample(
                cost, "tenant", key.get(0), "model", key.get(1), series.cost().toPlainString()));
        String tokens = PREFIX + "tokens_total";
        text.family(
                tokens,
                "counter",
                "Tokens (all classes) of the events counted, per tenant and model (same limit as cost).");
        spendSeries.forEach((key, series) ->
                text.sample(tokens, "tenant", key.get(0), "model", key.get(1), Long.toString(series.tokens())));

        String reasons = PREFIX + "dead_letters_total";
        text.family(
                reasons,
                "counter",
                "Events sent to dead-letter topics, per topic and reason (empty, too_large,"
                        + " invalid_json, schema, unpriced, unstorable, other).");
        deadLettersByReason.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing((List<String> k) -> k.get(0))
                        .thenComparing(k -> k.get(1))))
                .forEach(e -> text.sample(
                        reasons,
                        "topic",
                        e.getKey().get(0),
                        "reason",
                        e.getKey().get(1),
                        Long.toString(e.getValue().sum())));

        String partitionLagName = PREFIX + "consumer_partition_lag";
        text.family(partitionLagName, "gauge", "Messages behind the end of each assigned partition, as last measured.");
        partitionLag.forEach((key, value) ->
                text.sample(partitionLagName, "topic", key.get(0), "partition", key.get(1), Long.toString(value)));

        String catalog = PREFIX + "pricing_catalog_info";
        text.family(catalog, "gauge", "The pricing catalog the worker prices with (its version as a label; value 1).");
        String version = pricingCatalogVersion;
        if (version != null) {
            text.sample(catalog, "version", version, 1);
        }

        String up = PREFIX + "up";
        text.family(up, "gauge", "1 while the ingest worker is healthy, 0 otherwise (see /healthz for why).");
        text.sample(up, health.healthy() ? 1 : 0);
        return out.toString();
    }

    private static void counterPerTopic(PrometheusText text, String name, String help, LongAdder[] adders) {
        String metric = PREFIX + name;
        text.family(metric, "counter", help);
        for (Topic topic : TOPICS) {
            text.sample(metric, "topic", topic.topicName(), adders[topic.ordinal()].sum());
        }
    }

    private static void add(LongAdder[] adders, Topic topic, long count, String what) {
        Objects.requireNonNull(topic, "topic");
        requireCount(count, what);
        if (count != 0) {
            adders[topic.ordinal()].add(count);
        }
    }

    private static void requireCount(long count, String what) {
        if (count < 0) {
            throw new IllegalArgumentException("a count of " + what + " cannot be negative: " + count);
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static Map<Topic, Long> byTopic(LongAdder[] adders) {
        Map<Topic, Long> values = new EnumMap<>(Topic.class);
        for (Topic topic : TOPICS) {
            values.put(topic, adders[topic.ordinal()].sum());
        }
        return values;
    }

    private static long sum(LongAdder[] adders) {
        long total = 0;
        for (LongAdder adder : adders) {
            total += adder.sum();
        }
        return total;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** Exact decimal seconds, e.g. 0.025, 1, 2.5 (never exponent notation). */
    static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    static String unixSeconds(Instant at) {
        return BigDecimal.valueOf(at.getEpochSecond())
                .add(BigDecimal.valueOf(at.getNano(), 9))
                .stripTrailingZeros()
                .toPlainString();
    }

    record Health(boolean healthy, String reason) {}

    /** One (tenant, model)'s tokens and exact cost; adds are rare (once per batch per pair), so synchronized. */
    private static final class Spend {
        private long tokens;
        private BigDecimal cost = BigDecimal.ZERO;

        synchronized void add(long moreTokens, BigDecimal moreCost) {
            tokens += moreTokens;
            cost = cost.add(moreCost);
        }

        synchronized long tokens() {
            return tokens;
        }

        synchronized BigDecimal cost() {
            return cost;
        }
    }

    /**
     * The metrics at about one moment. Totals are the sums of the per-topic (and per-kind) maps, so
     * the two always agree; the maps are unmodifiable and ordered (topics as in {@link Topic}, lag
     * with the six topics first, failure kinds alphabetically).
     *
     * @param lagByTopic consumer lag per Kafka topic name, as last measured
     * @param lastInsert when a batch last reached ClickHouse; empty before the first
     * @param batches completed batches
     * @param batchRows rows in completed batches
     * @param batchTime total time spent in completed batches
     */
    public record Snapshot(
            Map<Topic, Long> consumedByTopic,
            Map<Topic, Long> insertedByTopic,
            Map<Topic, Long> deadLetteredByTopic,
            Map<Topic, Long> skippedByTopic,
            Map<Topic, Long> duplicatesByTopic,
            Map<String, Long> lagByTopic,
            Map<String, Long> failuresByKind,
            Optional<Instant> lastInsert,
            long batches,
            long batchRows,
            Duration batchTime,
            boolean healthy,
            String healthReason) {
        public Snapshot {
            consumedByTopic = topicMap(consumedByTopic);
            insertedByTopic = topicMap(insertedByTopic);
            deadLetteredByTopic = topicMap(deadLetteredByTopic);
            skippedByTopic = topicMap(skippedByTopic);
            duplicatesByTopic = topicMap(duplicatesByTopic);
            lagByTopic = Collections.unmodifiableMap(new LinkedHashMap<>(lagByTopic));
            failuresByKind = Collections.unmodifiableMap(new TreeMap<>(failuresByKind));
            Objects.requireNonNull(lastInsert, "lastInsert");
            Objects.requireNonNull(batchTime, "batchTime");
            healthReason = healthReason == null ? "" : healthReason;
        }

        /** Events read from Kafka, all topics. */
        public long consumed() {
            return total(consumedByTopic.values());
        }

        /** Rows written to ClickHouse, all topics. */
        public long inserted() {
            return total(insertedByTopic.values());
        }

        /** Events sent to dead-letter topics, all topics. */
        public long deadLettered() {
            return total(deadLetteredByTopic.values());
        }

        /** Replayed events already stored, all topics. */
        public long skipped() {
            return total(skippedByTopic.values());
        }

        /** Events left out because their event id was already stored, all topics. */
        public long duplicates() {
            return total(duplicatesByTopic.values());
        }

        /** Failures of every kind. */
        public long failures() {
            return total(failuresByKind.values());
        }

        /** Consumer lag summed over all topics. */
        public long totalLag() {
            return total(lagByTopic.values());
        }

        private static Map<Topic, Long> topicMap(Map<Topic, Long> values) {
            Map<Topic, Long> copy = new EnumMap<>(Topic.class);
            for (Topic topic : Topic.values()) {
                copy.put(topic, values.getOrDefault(topic, 0L));
            }
            return Collections.unmodifiableMap(copy);
        }

        private static long total(Iterable<Long> values) {
            long total = 0;
            for (long value : values) {
                total += value;
            }
            return total;
        }
    }
}
