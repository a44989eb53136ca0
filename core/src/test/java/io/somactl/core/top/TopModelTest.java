package io.somactl.core.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.somactl.core.budget.BudgetLimit;
import io.somactl.core.budget.BudgetUsage;
import io.somactl.core.budget.BudgetWindow;
import io.somactl.core.budget.LimitAction;
import io.somactl.core.budget.Metric;
import io.somactl.core.budget.Period;
import io.somactl.core.budget.WindowKind;
import io.somactl.core.spend.SpendCell;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopModelTest {
    private static final Instant NOW = Instant.parse("2026-12-02T14:30:00Z");

    private static SpendCell cell(String tenant, String model, long requests, String cost) {
        return new SpendCell(tenant, model, requests, 0, 0, new BigDecimal(cost));
    }

    private static Fetched<List<TenantModelSpend>> fresh(List<TenantModelSpend> rows) {
        return Fetched.fresh(rows, NOW);
    }

    private static TopSnapshot snapshot(List<TenantModelSpend> rows) {
        return new TopSnapshot(
                NOW,
                NOW.minus(Duration.ofHours(1)),
                Instant.parse("2026-12-02T00:00:00Z"),
                Instant.parse("2026-12-03T00:00:00Z"),
                fresh(rows),
                Fetched.none(),
                Fetched.none(),
                Fetched.none(),
                Fetched.none(),
                null);
    }

    private final List<SpendCell> day = List.of(
            cell("acme", "soma-slm-8b", 10, "1.000000000001"),
            cell("acme", "gpt-oss-120b", 2, "0.250000000000"),
            cell("globex", "soma-slm-8b", 5, "3.100000000000"));
    private final List<SpendCell> hour = List.of(
            cell("acme", "gpt-oss-120b", 1, "0.125000000000"), cell("globex", "soma-slm-8b", 5, "3.100000000000"));

    @Test
    void cellsOfTheHourAndDayJoinAndTenantsSumExactly() {
        List<TenantModelSpend> rows = TopModel.join(hour, day);
        assertEquals(
                new TenantModelSpend(
                        "globex", "soma-slm-8b", new BigDecimal("3.100000000000"), new BigDecimal("3.100000000000"), 5),
                rows.get(0),
                "most spent today first");
        assertEquals(
                new TenantModelSpend("acme", "soma-slm-8b", BigDecimal.ZERO, new BigDecimal("1.000000000001"), 10),
                rows.get(1),
                "no spend in the hour is zero");
        List<TenantSpend> tenants = TopModel.tenants(rows);
        assertEquals(
                List.of("globex", "acme"),
                tenants.stream().map(TenantSpend::tenant).toList());
        TenantSpend acme = tenants.get(1);
        assertEquals(new BigDecimal("1.250000000001"), acme.todayUsd(), "exact, no rounding");
        assertEquals(
                0,
                acme.todayUsd()
                        .compareTo(day.stream()
                                .filter(c -> c.outer().equals("acme"))
                                .map(SpendCell::costUsd)
                                .reduce(BigDecimal.ZERO, BigDecimal::add)),
                "the tenant's total computed the other way, from the day's cells");
        assertEquals(new BigDecimal("0.125000000000"), acme.lastHourUsd());
        assertEquals(12, acme.requestsToday());
    }

    @Test
    void theViewSortsAndFiltersByTenant() {
        TopSnapshot snapshot = snapshot(TopModel.join(hour, day));
        TopModel.View view = TopModel.View.initial();
        assertEquals(
                List.of("globex", "acme"),
                view.tenants(snapshot).stream().map(TenantSpend::tenant).toList());
        TopModel.View byHour = view.nextSort();
        assertEquals(TopModel.Sort.LAST_HOUR, byHour.sort());
        TopModel.View byRequests = byHour.nextSort();
        assertEquals(
                List.of("acme", "globex"),
                byRequests.tenants(snapshot).stream().map(TenantSpend::tenant).toList(),
                "12 > 5 requests");
        assertEquals(TopModel.Sort.TODAY, byRequests.nextSort().nextSort().sort(), "the sorts cycle");
        TopModel.View acme = view.filter("acm");
        assertEquals(
                List.of("acme"),
                acme.tenants(snapshot).stream().map(TenantSpend::tenant).toList());
        assertEquals(2, acme.models(snapshot).size());
    }

    @Test
    void aStalePanelKeepsItsValueAndSaysWhy() {
        Fetched<List<TenantModelSpend>> stale = fresh(List.of()).stale("no answer in 3000 ms");
        assertEquals("stale 5s: no answer in 3000 ms", stale.status(NOW.plusSeconds(5)));
        assertEquals(List.of(), stale.value());
        assertEquals(
                "no data: Redis refused",
                Fetched.<String>none().stale("Redis refused").status(NOW));
        assertEquals("fresh", fresh(List.of()).status(NOW));
    }

    @Test
    void deadLettersPerMinuteComeFromTwoReadings() {
        List<TopicHealth> before =
                List.of(new TopicHealth("slm.metrics", 0, 100, 4), new TopicHealth("tool.metrics", 3, 10, 0));
        List<TopicHealth> after =
                List.of(new TopicHealth("slm.metrics", 0, 160, 10), new TopicHealth("tool.metrics", 0, 10, 0));
        assertEquals(12.0, TopModel.deadLettersPerMinute(before, NOW, after, NOW.plusSeconds(30)));
        assertNull(TopModel.deadLettersPerMinute(null, null, after, NOW));
        assertEquals(3, TopModel.lag(before));
        assertEquals(6.25, after.get(0).deadLetterPercent());
    }

    @Test
    void budgetsNearOrPastAWarningStepAreShownWithTimeToReset() {
        BudgetLimit limit = new BudgetLimit(
                Period.DAILY,
                Metric.TOTAL_TOKENS,
                WindowKind.CALENDAR,
                BigDecimal.valueOf(1000),
                List.of(BigDecimal.valueOf(80), BigDecimal.valueOf(90)),
                LimitAction.PAUSE,
                null);
        BudgetWindow window = BudgetWindow.current(Period.DAILY, WindowKind.CALENDAR, ZoneOffset.UTC, NOW);
        List<BudgetUsage> measured = List.of(
                new BudgetUsage(
                        "acme", null, limit, window, BigInteger.valueOf(500), BigInteger.ZERO, BigInteger.ZERO, false),
                new BudgetUsage(
                        "globex",
                        null,
                        limit,
                        window,
                        BigInteger.valueOf(700),
                        BigInteger.ZERO,
                        BigInteger.ZERO,
                        false),
                new BudgetUsage(
                        "hooli",
                        "bot",
                        limit,
                        window,
                        BigInteger.valueOf(850),
                        BigInteger.ZERO,
                        BigInteger.ZERO,
                        false),
                new BudgetUsage(
                        "stark",
                        null,
                        limit,
                        window,
                        BigInteger.valueOf(1001),
                        BigInteger.ZERO,
                        BigInteger.ZERO,
                        false));
        List<BudgetAlert> alerts = TopModel.alerts(measured, NOW);
        assertEquals(
                List.of("stark", "hooli/bot", "globex"),
                alerts.stream().map(BudgetAlert::scope).toList(),
                "50% is not near 80%");
        assertEquals(
                List.of("over", "warn-80%", "near-80%"),
                alerts.stream().map(BudgetAlert::state).toList());
        assertEquals(Duration.ofHours(9).plusMinutes(30), alerts.get(0).resetsIn(), "the UTC day ends at midnight");
    }
}
