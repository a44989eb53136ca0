package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.PostgresFixture;
import io.somactl.core.testing.SessionTotals;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session commands end to end on the real stack, in-process: {@code schema apply} makes the Postgres
 * tables, {@code ingest} fills them, {@code doctor} shows Postgres, {@code sessions list|show|rebuild},
 * {@code escalations list} and {@code aggregate}'s extra cost per tenant and model read them; without
 * postgres.url the session commands say what to set, and ingest stores as before.
 */
@Tag("stack")
class SessionsCommandsIT {
    @TempDir
    Path home;

    @Test
    void ingestFillsTheSessionsAndTheCommandsShowThem() throws Exception {
        IngestFixture fixture = new IngestFixture("sessioncmds");
        fixture.produce(IngestFixture.trace(5_000));
        Map<String, String> env = environment(fixture);
        env.put("SOMACTL_POSTGRES_URL", PostgresFixture.url(fixture.stack));
        PostgresFixture pg = null;
        try {
            Run apply = Run.of(env, "schema", "apply");
            assertEquals(0, apply.exitCode(), apply.describe());
            assertTrue(apply.err().contains("applying PostgreSQL V001__sessions.sql"), apply.describe());
            pg = new PostgresFixture(fixture.stack, fixture.database); // applied already: nothing more to run

            Run ingest =
                    Run.of(env, "ingest", "--until-caught-up", "--group", "g-" + fixture.name, "--batch-size", "1000");
            assertEquals(0, ingest.exitCode(), ingest.describe());
            assertTrue(
                    ingest.err().contains("session summaries to PostgreSQL at postgresql://somactl@127.0.0.1:"),
                    ingest.describe());
            assertTrue(
                    !ingest.err().contains("somactl:somactl@"), "the password must not be shown: " + ingest.describe());
            SessionTotals.assertPostgresEqualsClickHouse(fixture.clickHouse, pg);

            Run doctor = Run.of(env, "doctor", "-o", "csv");
            assertTrue(
                    doctor.out().lines().anyMatch(l -> l.startsWith("postgres,") && l.contains(",up,15.")),
                    doctor.describe());

            Run list = Run.of(env, "sessions", "list", "--limit", "3", "-o", "csv");
            assertEquals(0, list.exitCode(), list.describe());
            List<String> lines = list.out().lines().toList();
            assertEquals(4, lines.size(), list.describe());
            String[] first = lines.get(1).split(",");
            List<String> stored = pg.rows("SELECT session_id, tenant, cost_usd FROM ${schema}.sessions"
                            + " ORDER BY last_event_at DESC, tenant, session_id LIMIT 1")
                    .get(0);
            assertEquals(stored.get(0), first[0]);

            Run show = Run.of(env, "sessions", "show", stored.get(0), "--tenant", stored.get(1));
            assertEquals(0, show.exitCode(), show.describe());
            assertTrue(show.out().contains(new BigDecimal(stored.get(2)).toPlainString()), show.describe());
            assertTrue(show.out().contains("CUMULATIVE"), show.describe());

            String escalated = pg.rows("SELECT session_id, tenant, extra_cost_usd FROM ${schema}.session_escalations"
                            + " ORDER BY at LIMIT 1")
                    .get(0)
                    .get(0);
            Run withEscalation = Run.of(env, "sessions", "show", escalated);
            assertTrue(
                    withEscalation.out().contains("EXTRA_COST")
                            && withEscalation.out().contains("+$"),
                    withEscalation.describe());

            Run escalations = Run.of(env, "escalations", "list", "--limit", "100000", "-o", "csv");
            assertEquals(0, escalations.exitCode(), escalations.describe());
            assertEquals(
                    pg.rows("SELECT count(*) FROM ${schema}.session_escalations")
                            .get(0)
                            .get(0),
                    String.valueOf(escalations.out().lines().count() - 1));

            // aggregate: the extra cost per tenant and model equals the escalation rows' sums
            Run aggregate = Run.of(
                    env,
                    "aggregate",
                    "--since",
                    "2023-11-01",
                    "--until",
                    "2023-12-01",
                    "--group-by",
                    "tenant,model",
                    "--metrics",
                    "escalations",
                    "-o",
                    "csv");
            assertEquals(0, aggregate.exitCode(), aggregate.describe());
            List<String> rows = aggregate.out().lines().toList();
            List<String> header = List.of(rows.get(0).split(","));
            int extra = header.indexOf("escalation_extra_cost_usd");
            assertTrue(extra > 0, aggregate.describe());
            Map<String, BigDecimal> shown = new TreeMap<>();
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.split(",", -1);
                BigDecimal v = new BigDecimal(f[extra]);
                if (v.signum() != 0) {
                    shown.put(f[header.indexOf("tenant")] + "/" + f[header.indexOf("model")], v.stripTrailingZeros());
                }
            }
            Map<String, BigDecimal> expected = new TreeMap<>();
            for (List<String> r :
                    pg.rows("SELECT tenant, to_model, sum(extra_cost_usd) FROM ${schema}.session_escalations"
                            + " GROUP BY tenant, to_model")) {
                expected.put(r.get(0) + "/" + r.get(1), new BigDecimal(r.get(2)).stripTrailingZeros());
            }
            assertEquals(expected, shown, "aggregate's extra cost per tenant and model");
            assertTrue(expected.size() > 1, "several tenants escalate: " + expected);

            List<List<String>> before = SessionTotals.snapshot(pg);
            pg.store.truncate();
            Run rebuild = Run.of(env, "sessions", "rebuild", "--since", "2020-01-01");
            assertEquals(0, rebuild.exitCode(), rebuild.describe());
            assertEquals(before, SessionTotals.snapshot(pg), "sessions rebuild should restore the rows exactly");

            Map<String, String> without = environment(fixture);
            Run none = Run.of(without, "sessions", "list");
            assertEquals(1, none.exitCode(), none.describe());
            assertTrue(none.err().contains("no PostgreSQL configured (postgres.url is not set)"), none.describe());
            Run plainDoctor = Run.of(without, "doctor", "-o", "csv");
            assertTrue(
                    plainDoctor.out().lines().anyMatch(l -> l.startsWith("postgres,") && l.contains("not-configured")),
                    plainDoctor.describe());
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private Map<String, String> environment(IngestFixture fixture) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("SOMACTL_KAFKA_BOOTSTRAP_SERVER", fixture.stack.kafkaBootstrap());
        env.put("SOMACTL_KAFKA_TOPIC_PREFIX", fixture.topics.prefix());
        env.put("SOMACTL_CLICKHOUSE_URL", fixture.stack.clickHouseUrl().toString());
        env.put("SOMACTL_CLICKHOUSE_DATABASE", fixture.database);
        env.put("SOMACTL_REDIS_URI", fixture.stack.redisUri());
        env.put("SOMACTL_REDIS_KEY_PREFIX", fixture.redisPrefix);
        return env;
    }
}
