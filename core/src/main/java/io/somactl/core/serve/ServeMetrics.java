package io.somactl.core.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics in the Prometheus text format: requests by route and status, latency by
 * route as a histogram, budget decisions by outcome. Labels come from a fixed set (routes are the
 * server's own names, never the request's path), so a client cannot grow the series.
 */
public final class ServeMetrics {
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> decisions = new ConcurrentHashMap<>();
    private final LongAdder unchecked = new LongAdder();

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    void request(String route, int status, long nanos) {
        requests.computeIfAbsent(route + "\u0000" + status, k -> new LongAdder())
                .increment();
        latencies.computeIfAbsent(route, k -> new Histogram()).observe(nanos / 1e9);
    }

    void decision(String decision, boolean checked) {
        decisions.computeIfAbsent(decision, k -> new LongAdder()).increment();
        if (!checked) {
            unchecked.increment();
        }
    }

    public String prometheusText() {
        StringBuilder text = new StringBuilder();
        text.append("# HELP somactl_serve_requests_total HTTP requests answered, by route and status.\n");
        text.append("# TYPE somactl_serve_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split("\u0000");
            text.append("somactl_serve_requests_total{route=\"")
                    .append(parts[0])
                    .append("\",status=\"")
                    .append(parts[1])
                    .append("\"} ")
                    .append(count.sum())
                    .append('\n');
        });
        text.append("# HELP somactl_serve_request_seconds Time to answer a request, by route.\n");
        text.append("# TYPE somactl_serve_request_seconds histogram\n");
        new TreeMap<>(latencies).forEach((route, h) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                text.append("somactl_serve_request_seconds_bucket{route=\"")
                        .append(route)
                        .append("\",le=\"")
                        .append(BUCKETS[i])
                        .append("\"} ")
                        .append(h.counts[i].sum())
                        .append('\n');
            }
            text.append("somactl_serve_request_seconds_bucket{route=\"")
                    .append(route)
                    .append("\",le=\"+Inf\"} ")
                    .append(h.count.sum())
                    .append('\n');
            text.append("somactl_serve_request_seconds_sum{route=\"")
                    .append(route)
                    .append("\"} ")
                    .append(h.sum.sum())
                    .append('\n');
            text.append("somactl_serve_request_seconds_count{route=\"")
                    .append(route)
                    .append("\"} ")
                    .append(h.count.sum())
                    .append('\n');
        });
        text.append("# HELP somactl_serve_budget_decisions_total Budget check decisions, by outcome.\n");
        text.append("# TYPE somactl_serve_budget_decisions_total counter\n");
        new TreeMap<>(decisions)
                .forEach((decision, count) -> text.append("somactl_serve_budget_decisions_total{decision=\"")
                        .append(decision)
                        .append("\"} ")
                        .append(count.sum())
                        .append('\n'));
        text.append("# HELP somactl_serve_budget_unchecked_total Checks decided by the Redis-unavailable policy.\n");
        text.append("# TYPE somactl_serve_budget_unchecked_total counter\n");
        text.append("somactl_serve_budget_unchecked_total ")
                .append(unchecked.sum())
                .append('\n');
        return text.toString();
    }
}
