package io.somactl.core.usage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TenantUsageBatchTest {
    private static final UsageKeys KEYS = new UsageKeys("t");
    private static final Instant NOON = Instant.parse("2023-11-16T12:00:00Z");

    @Test
    void sharesCountedByTwoThreadsAddUpToWhatOneThreadCounts() {
        Random random = new Random(20231116);
        TenantUsageBatch whole = new TenantUsageBatch("acme", KEYS);
        TenantUsageBatch first = new TenantUsageBatch("acme", KEYS);
        TenantUsageBatch second = new TenantUsageBatch("acme", KEYS);
        for (int offset = 0; offset < 1_000; offset++) {
            UsageDelta delta = new UsageDelta(
                    "acme",
                    List.of("support", "billing").get(offset % 2),
                    NOON.plusSeconds(random.nextInt(7_200)),
                    random.nextInt(500),
                    random.nextInt(200),
                    random.nextInt(900),
                    BigDecimal.valueOf(random.nextInt(1_000_000), 12),
                    random.nextInt(1000));
            String partition = "slm.metrics:" + (offset % 3);
            whole.add(delta, partition, offset);
            (offset < 400 ? first : second).add(delta, partition, offset);
        }
        first.addAll(second);
        assertEquals(whole.sums(), first.sums(), "the two shares' sums differ from counting all at once");
        for (String partition : whole.offsetRanges().keySet()) {
            assertArrayEquals(
                    whole.offsetRanges().get(partition),
                    first.offsetRanges().get(partition),
                    "offset range of " + partition);
        }
    }

    @Test
    void takingBackEventsLeavesExactlyTheSumsOfTheOthersAndTheirOffsetsCovered() {
        Random random = new Random(20231117);
        TenantUsageBatch all = new TenantUsageBatch("acme", KEYS);
        TenantUsageBatch kept = new TenantUsageBatch("acme", KEYS);
        List<UsageDelta> takenBack = new java.util.ArrayList<>();
        for (int offset = 0; offset < 500; offset++) {
            UsageDelta delta = new UsageDelta(
                    "acme",
                    List.of("support", "billing").get(offset % 2),
                    NOON.plusSeconds(random.nextInt(7_200)),
                    random.nextInt(500),
                    random.nextInt(200),
                    random.nextInt(900),
                    BigDecimal.valueOf(random.nextInt(1_000_000), 12),
                    random.nextInt(1000));
            all.add(delta, "slm.metrics:0", offset);
            if (offset % 7 == 3) {
                takenBack.add(delta);
            } else {
                kept.add(delta, "slm.metrics:0", offset);
            }
        }
        takenBack.forEach(all::remove);
        assertEquals(kept.sums(), all.sums(), "taking events back should leave the sums of the events kept");
        assertArrayEquals(
                new long[] {0, 499}, all.offsetRanges().get("slm.metrics:0"), "every offset read stays covered");
    }

    @Test
    void takingBackAHoursOnlyEventLeavesNoCounterForThatHour() {
        TenantUsageBatch batch = new TenantUsageBatch("acme", KEYS);
        UsageDelta only = new UsageDelta("acme", "support", NOON, 10, 5, 15, new BigDecimal("0.000001000000"), 0);
        batch.add(only, "slm.metrics:0", 7);
        batch.remove(only);
        assertEquals(true, batch.isEmpty(), "no usage should be left to apply");
        assertThrows(IllegalStateException.class, () -> batch.remove(only), "usage never added cannot be taken back");
    }

    @Test
    void anotherTenantsUsageIsRefused() {
        TenantUsageBatch acme = new TenantUsageBatch("acme", KEYS);
        assertThrows(IllegalArgumentException.class, () -> acme.addAll(new TenantUsageBatch("hooli", KEYS)));
    }
}
