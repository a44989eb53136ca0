package io.somactl.core.services;

import io.somactl.core.SomactlException;
import io.somactl.core.budget.BudgetAdmin;
import io.somactl.core.budget.BudgetAudit;
import io.somactl.core.budget.BudgetChecks;
import io.somactl.core.budget.BudgetKeys;
import io.somactl.core.budget.BudgetReset;
import io.somactl.core.budget.BudgetSummary;
import io.somactl.core.budget.RedisBudgetCheck;
import io.somactl.core.budget.RedisBudgetStore;
import io.somactl.core.budget.UsageReader;
import io.somactl.core.calls.CallSummaries;
import io.somactl.core.clickhouse.ClickHouseSettings;
import io.somactl.core.clickhouse.HttpClickHouse;
import io.somactl.core.config.Settings;
import io.somactl.core.ingest.SessionSink;
import io.somactl.core.kafka.AdminSession;
import io.somactl.core.pricing.Pricer;
import io.somactl.core.redis.RedisConnection;
import io.somactl.core.scoring.ModelStatsQuery;
import io.somactl.core.scoring.ScoreKeys;
import io.somactl.core.scoring.ScoreStore;
import io.somactl.core.sessions.Postgres;
import io.somactl.core.sessions.PostgresSessionSink;
import io.somactl.core.sessions.PostgresSettings;
import io.somactl.core.sessions.SessionComputer;
import io.somactl.core.sessions.SessionStore;
import io.somactl.core.usage.TokenUsageQuery;
import io.somactl.core.usage.UsageKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that builds the adapters and services from the resolved settings and owns their
 * lifecycle: each server connection (ClickHouse, Redis, a Kafka admin client) is opened on first use
 * and closed by {@link #close()}, so a command that never needs Redis never connects to it. Commands
 * get one per run through the root command's {@code Invocation}; {@code somactl serve} keeps one for
 * the life of the process. Safe for concurrent use (the server's request threads share it).
 */
public final class Services implements AutoCloseable {
    private final Settings settings;
    private final Clock clock;
    private HttpClickHouse clickHouse;
    private RedisConnection redis;
    private AdminSession kafkaAdmin;
    private boolean closed;

    public Services(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    public Services(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Settings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** ClickHouse over HTTP in the context's database. */
    public synchronized HttpClickHouse clickHouse() {
        open();
        if (clickHouse == null) {
            clickHouse = new HttpClickHouse(settings.clickHouse());
        }
        return clickHouse;
    }

    /** ClickHouse in another database of the same server (migrations run in {@code default}, which every server has). */
    public HttpClickHouse clickHouseIn(String database) {
        open();
        return new HttpClickHouse(settings.clickHouse().withDatabase(database));
    }

    /** ClickHouse whose requests may take at least {@code timeout} (long exports), else the context's timeout. */
    public HttpClickHouse clickHouseFor(Duration timeout) {
        open();
        ClickHouseSettings base = settings.clickHouse();
        return new HttpClickHouse(new ClickHouseSettings(
                base.url(),
                base.user(),
                base.password(),
                base.database(),
                timeout.compareTo(base.timeout()) > 0 ? timeout : base.timeout()));
    }

    /** The one Redis connection (single server or cluster), connected on first use. */
    public synchronized RedisConnection redis() {
        open();
        if (redis == null) {
            redis = RedisConnection.open(settings.redis());
        }
        return redis;
    }

    /** A Kafka admin client with the context's client properties (none given: {@code Map.of()}). */
    public synchronized AdminSession kafkaAdmin(Map<String, String> clientProperties) {
        open();
        if (kafkaAdmin == null) {
            kafkaAdmin = new AdminSession(settings.kafka(clientProperties));
        }
        return kafkaAdmin;
    }

    public BudgetKeys budgetKeys() {
        return new BudgetKeys(new UsageKeys(settings.redis().keyPrefix()));
    }

    public RedisBudgetStore budgetStore() {
        return new RedisBudgetStore(redis().async(), budgetKeys(), settings.timeout());
    }

    /** Budget decisions and reservations, each Redis call bounded by the context's timeout. */
    public BudgetChecks budgetChecks() {
        return budgetChecks(settings.timeout());
    }

    /** Budget decisions and reservations, each Redis call bounded by {@code timeout} (the server: budget.check-timeout). */
    public BudgetChecks budgetChecks(Duration timeout) {
        BudgetKeys keys = budgetKeys();
        return new BudgetChecks(
                new RedisBudgetStore(redis().async(), keys, timeout),
                new RedisBudgetCheck(
                        redis().async(), keys, timeout, settings.redis().address()),
                clock,
                settings.budgetReservationTtl());
    }

    public BudgetAudit budgetAudit() {
        return new BudgetAudit(clickHouse());
    }

    public BudgetAdmin budgetAdmin() {
        return new BudgetAdmin(budgetStore(), budgetAudit(), clock);
    }

    public UsageReader usageReader() {
        return new UsageReader(redis().async(), budgetKeys(), settings.timeout());
    }

    public BudgetReset budgetReset(Duration lockTtl) {
        return new BudgetReset(budgetStore(), usageReader(), budgetAudit(), clock, lockTtl);
    }

    /** The {@code budget summary} view: every tenant by share of budget used or by spend. */
    public BudgetSummary budgetSummary() {
        return new BudgetSummary(redis().async(), budgetStore(), budgetChecks(), usageReader(), settings.timeout());
    }

    /** The {@code tokens} query. */
    public TokenUsageQuery tokens() {
        return new TokenUsageQuery(clickHouse());
    }

    public CallSummaries calls() {
        return new CallSummaries(clickHouse());
    }

    public ScoreKeys scoreKeys() {
        return new ScoreKeys(new UsageKeys(settings.redis().keyPrefix()));
    }

    /** Published rankings and anomaly flags (Redis) and their history (ClickHouse). */
    public ScoreStore scoreStore() {
        return new ScoreStore(
                redis().async(), settings.redis().address(), scoreKeys(), clickHouse(), settings.timeout());
    }

    public ModelStatsQuery modelStats() {
        return new ModelStatsQuery(clickHouse());
    }

    /** The sink ingest and replay keep the session summaries with, or {@link SessionSink#NONE} without a PostgreSQL. */
    public SessionSink sessionSink(Pricer pricer) {
        Optional<PostgresSessionSink> sink = postgresSessionSink(pricer);
        return sink.isPresent() ? sink.get() : SessionSink.NONE;
    }

    /** The PostgreSQL session sink when {@code postgres.url} is set. */
    public Optional<PostgresSessionSink> postgresSessionSink(Pricer pricer) {
        return settings.postgres()
                .map(p -> new PostgresSessionSink(
                        new SessionStore(new Postgres(p), settings.clickHouse().database()),
                        new SessionComputer(clickHouse(), pricer)));
    }

    /** The session rows' store; a clear error when no PostgreSQL is configured. */
    public SessionStore sessionStore() {
        return new SessionStore(new Postgres(postgres()), settings.clickHouse().database());
    }

    /** The context's PostgreSQL, required. */
    public PostgresSettings postgres() {
        return settings.postgres()
                .orElseThrow(
                        () -> new SomactlException(
                                "no PostgreSQL configured (postgres.url is not set):"
                                        + " somactl config set-context CONTEXT --set postgres.url=postgresql://somactl@127.0.0.1:15432/somactl"));
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("services already closed");
        }
    }

    /** Closes what was opened, Kafka first, then Redis; ClickHouse's HTTP client is shared and stays. */
    @Override
    public synchronized void close() {
        closed = true;
        try {
            if (kafkaAdmin != null) {
                kafkaAdmin.close();
            }
        } finally {
            kafkaAdmin = null;
            if (redis != null) {
                redis.close();
            }
            redis = null;
            clickHouse = null;
        }
    }
}
