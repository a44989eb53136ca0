package io.somactl.core.top;

import io.somactl.core.budget.BudgetChecks;
import io.somactl.core.budget.BudgetKeys;
import io.somactl.core.budget.BudgetUsage;
import io.somactl.core.budget.RedisBudgetCheck;
import io.somactl.core.budget.RedisBudgetStore;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.config.Settings;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.AdminSession;
import io.somactl.core.kafka.TopicNames;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.spend.SpendCell;
import io.somactl.core.spend.SpendReport;
import io.somactl.core.usage.UsageKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code top}'s panels from the servers of one context: spend and anomaly flags from ClickHouse, budgets from
 * Redis, lag and dead letters from Kafka's offsets. Redis and Kafka clients open on first use (on the panel's
 * own thread, so a server that does not answer holds up only its panel) and stay open across refreshes.
 */
public final class LiveTopSources implements TopSources {
    private final Settings settings;
    private final String group;
    private final HttpClickHouse clickHouse;
    private volatile RedisConnection redis;
    private volatile AdminSession kafka;
    private final Object redisLock = new Object();
    private final Object kafkaLock = new Object();

    public LiveTopSources(Settings settings, String group) {
        this.settings = settings;
        this.group = group;
        this.clickHouse = new HttpClickHouse(settings.clickHouse());
    }

    @Override
    public List<SpendCell> spend(SpendReport.GroupBy outer, SpendReport.GroupBy inner, Instant since, Instant until) {
        return new SpendReport(clickHouse).spend(outer, inner, since, until);
    }

    @Override
    public List<BudgetAlert> budgets(Instant now) {
        RedisConnection connection = redis();
        BudgetKeys keys = new BudgetKeys(new UsageKeys(settings.redis().keyPrefix()));
        RedisBudgetStore store = new RedisBudgetStore(connection.async(), keys, settings.timeout());
        BudgetChecks checks = new BudgetChecks(
                store,
                new RedisBudgetCheck(
                        connection.async(),
                        keys,
                        settings.timeout(),
                        settings.redis().address()),
                Clock.fixed(now, java.time.ZoneOffset.UTC),
                settings.budgetReservationTtl());
        List<BudgetUsage> measured = new ArrayList<>();
        for (String tenant : store.tenants()) {
            measured.addAll(checks.show(store.read(tenant)));
        }
        return TopModel.alerts(measured, now);
    }

    @Override
    public List<TopicHealth> ingest() {
        Admin admin = kafka().admin();
        TopicNames names = settings.topicNames();
        long timeout = settings.timeout().toMillis();
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(timeout, TimeUnit.MILLISECONDS);
            List<String> kafkaNames = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                kafkaNames.add(names.of(topic));
                kafkaNames.add(names.deadLetterOf(topic));
            }
            Map<String, KafkaFuture<TopicDescription>> described =
                    admin.describeTopics(kafkaNames).topicNameValues();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String name : kafkaNames) {
                try {
                    described
                            .get(name)
                            .get(timeout, TimeUnit.MILLISECONDS)
                            .partitions()
                            .forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
                } catch (ExecutionException missing) {
                    // a topic (often a dead-letter topic) that does not exist holds nothing
                }
            }
            Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest(), timeout);
            Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest(), timeout);
            List<TopicHealth> health = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                String source = names.of(topic);
                String dead = names.deadLetterOf(topic);
                long lag = 0;
                long events = 0;
                long deadLetters = 0;
                for (TopicPartition partition : partitions) {
                    long held = ends.get(partition) - starts.get(partition);
                    if (partition.topic().equals(source)) {
                        events += held;
                        OffsetAndMetadata at = committed.get(partition);
                        lag += ends.get(partition) - (at == null ? starts.get(partition) : at.offset());
                    } else if (partition.topic().equals(dead)) {
                        deadLetters += held;
                    }
                }
                health.add(new TopicHealth(topic.topicName(), Math.max(0, lag), events, deadLetters));
            }
            return health;
        } catch (ExecutionException e) {
            throw new io.somactl.core.ServerUnreachableException(
                    "Kafka", settings.kafkaBootstrapServer(), e.getCause());
        } catch (TimeoutException e) {
            throw new io.somactl.core.ServerUnreachableException("Kafka", settings.kafkaBootstrapServer(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.somactl.core.SomactlException("interrupted while reading Kafka offsets", e);
        }
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, List<TopicPartition> partitions, OffsetSpec spec, long timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found =
                admin.listOffsets(request).all().get(timeout, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    @Override
    public List<AnomalyRow> anomalies(Instant since) {
        List<AnomalyRow> rows = new ArrayList<>();
        for (List<String> r :
                clickHouse.select("SELECT toUnixTimestamp(hour), toString(subject_kind), subject, toString(metric),"
                        + " argMax(value, computed_at), argMax(z, computed_at) FROM anomaly_flags WHERE hour >= toDateTime("
                        + since.getEpochSecond()
                        + ") GROUP BY hour, subject_kind, subject, metric ORDER BY argMax(z, computed_at) DESC,"
                        + " hour DESC LIMIT 20")) {
            rows.add(new AnomalyRow(
                    Instant.ofEpochSecond(Long.parseLong(r.get(0))),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    Double.parseDouble(r.get(4)),
                    Double.parseDouble(r.get(5))));
        }
        return rows;
    }

    private RedisConnection redis() {
        RedisConnection connection = redis;
        if (connection == null) {
            synchronized (redisLock) {
                if (redis == null) {
                    redis = RedisConnection.open(settings.redis());
                }
                connection = redis;
            }
        }
        return connection;
    }

    private AdminSession kafka() {
        AdminSession session = kafka;
        if (session == null) {
            synchronized (kafkaLock) {
                if (kafka == null) {
                    kafka = new AdminSession(settings.kafka(Map.of()));
                }
                session = kafka;
            }
        }
        return session;
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
