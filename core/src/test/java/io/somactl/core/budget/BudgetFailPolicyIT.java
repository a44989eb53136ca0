package io.somactl.core.budget;

import static io.somactl.core.budget.BudgetWorld.limit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.Secret;
import io.somactl.core.redis.RedisSettings;
import io.somactl.core.testing.RedisServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * budget check when Redis is gone: a port where nothing listens, and a Redis frozen with SIGSTOP (it
 * accepts connections and never answers). Both policies, on a Redis this test starts itself.
 */
@Tag("stack")
@Timeout(120) // a hang fails the test instead of the build
class BudgetFailPolicyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static CheckResult check(String uri, boolean failOpen) {
        return check(uri, "t_failpolicy", failOpen);
    }

    private static CheckResult check(String uri, String prefix, boolean failOpen) {
        RedisSettings settings = new RedisSettings(uri, Secret.none(), prefix, Duration.ofSeconds(10));
        return GuardedBudgetCheck.check(
                settings,
                BudgetRequest.tokens("acme", null, 10),
                true,
                failOpen,
                TIMEOUT,
                Duration.ofMinutes(10),
                Clock.systemUTC());
    }

    @Test
    void nothingListeningFailsClosedByPausingAndOpenByAllowingAndSaysSo() {
        String nowhere = "redis://127.0.0.1:" + RedisServers.freePort();
        CheckResult closed = check(nowhere, false);
        assertEquals(Decision.PAUSE, closed.decision());
        assertFalse(closed.checked());
        assertEquals("fail-closed", closed.policy());
        assertTrue(closed.reason().contains("budget.redis-unavailable=fail-closed"), closed.reason());

        CheckResult open = check(nowhere, true);
        assertEquals(Decision.ALLOW, open.decision());
        assertEquals("fail-open", open.policy());
        assertTrue(open.reason().contains("Redis did not answer"), open.reason());
    }

    @Test
    void aFrozenRedisTimesOutIntoThePolicyAThawedOneDecidesAgainAndAStoppedOneFallsBackToThePolicy() {
        try (RedisServers redis = RedisServers.standalone();
                BudgetWorld world = new BudgetWorld(
                        Instant.now(),
                        new RedisSettings(redis.uri(), Secret.none(), "t_failpolicy", Duration.ofSeconds(10)))) {
            world.admin()
                    .set("acme", null, limit(Period.DAILY, Metric.TOTAL_TOKENS, "5", LimitAction.PAUSE), null, "t", "");
            assertEquals(
                    Decision.PAUSE,
                    check(redis.uri(), world.prefix, true).decision(),
                    "Redis answers: the budget decides");

            redis.freeze();
            try {
                CheckResult closed = check(redis.uri(), world.prefix, false);
                assertEquals(Decision.PAUSE, closed.decision());
                assertFalse(closed.checked());
                assertTrue(
                        closed.problem().contains("no answer within 1000 ms")
                                || closed.problem().contains("did not answer"),
                        closed.problem());
                CheckResult open = check(redis.uri(), world.prefix, true);
                assertEquals(Decision.ALLOW, open.decision());
                assertFalse(open.checked());
            } finally {
                redis.thaw();
            }
            CheckResult back = check(redis.uri(), world.prefix, true);
            assertTrue(back.checked());
            assertEquals(Decision.PAUSE, back.decision());

            redis.close(); // stopped for good: nothing listens any more
            assertEquals(Decision.PAUSE, check(redis.uri(), world.prefix, false).decision());
            CheckResult stoppedOpen = check(redis.uri(), world.prefix, true);
            assertEquals(Decision.ALLOW, stoppedOpen.decision());
            assertFalse(stoppedOpen.checked());
        }
    }
}
