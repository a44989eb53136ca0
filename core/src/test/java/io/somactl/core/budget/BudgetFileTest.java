package io.somactl.core.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.config.ConfigException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetFileTest {
    static final String FILE = """
            tenants:
              acme:
                time-zone: Europe/Berlin
                limits:
                  - period: daily
                    metric: total-tokens
                    limit: 2000000
                    warn: [80, 90, 95]
                    action: downgrade
                    downgrade-to: phi-3-mini
                  - {period: monthly, metric: cost-usd, limit: 500.10, action: pause}
                personas:
                  support-agent:
                    limits:
                      - {period: daily, metric: gpu-hours, limit: 1.5, window: rolling, action: require-approval}
              globex:
                limits:
                  - {period: monthly, metric: input-tokens, limit: 1e6, action: pause}
            """;

    @Test
    void aFileDeclaresEveryTenantsLimitsExactly() {
        Map<String, TenantBudgets> tenants = BudgetFile.parse(FILE, "budgets.yaml");
        TenantBudgets acme = tenants.get("acme");
        assertEquals(ZoneId.of("Europe/Berlin"), acme.timeZone());
        assertEquals(2, acme.tenantLimits().size());
        BudgetLimit monthly = acme.tenantLimits().get(1);
        assertEquals(0, new BigDecimal("500.10").compareTo(monthly.limit()), "money is read as an exact decimal");
        assertEquals(List.of(new BigDecimal("80")), monthly.warn(), "80% is the default warning");
        assertEquals(WindowKind.ROLLING, acme.limits("support-agent").get(0).window());
        assertEquals(
                "1000000", tenants.get("globex").tenantLimits().get(0).limit().toPlainString());
    }

    @Test
    void mistakesNameTheirPlaceInTheFile() {
        ConfigException unknown = assertThrows(
                ConfigException.class,
                () -> BudgetFile.parse(
                        "tenants:\n  acme:\n    limits:\n      - {period: daily, metric: total-tokens, limit: 5, action: pause, warn_at: 3}\n",
                        "f.yaml"));
        assertTrue(
                unknown.getMessage().contains("f.yaml: tenants.acme.limits[0]: unknown key 'warn_at'"),
                unknown.getMessage());
        ConfigException missing = assertThrows(
                ConfigException.class,
                () -> BudgetFile.parse(
                        "tenants:\n  acme:\n    limits:\n      - {period: daily, metric: total-tokens, limit: 5}\n",
                        "f.yaml"));
        assertTrue(missing.getMessage().contains("'action' is missing"), missing.getMessage());
        ConfigException zone = assertThrows(
                ConfigException.class,
                () -> BudgetFile.parse("tenants:\n  acme:\n    time-zone: Mars/Olympus\n", "f.yaml"));
        assertTrue(zone.getMessage().contains("tenants.acme"), zone.getMessage());
        ConfigException twice = assertThrows(
                ConfigException.class,
                () -> BudgetFile.parse(
                        "tenants:\n  acme:\n    limits:\n"
                                + "      - {period: daily, metric: total-tokens, limit: 5, action: pause}\n"
                                + "      - {period: daily, metric: total-tokens, limit: 6, action: pause}\n",
                        "f.yaml"));
        assertTrue(twice.getMessage().contains("two daily:total-tokens limits"), twice.getMessage());
    }

    @Test
    void theDiffListsAddedRemovedAndChangedLimits() {
        TenantBudgets before = BudgetFile.parse(FILE, "a").get("acme");
        TenantBudgets after = BudgetFile.parse(
                        FILE.replace("500.10", "600")
                                .replace("time-zone: Europe/Berlin", "time-zone: UTC")
                                .replace(
                                        "      - {period: daily, metric: gpu-hours, limit: 1.5, window: rolling, action: require-approval}",
                                        "      - {period: monthly, metric: cost-usd, limit: 20, action: pause}"),
                        "b")
                .get("acme");
        List<String> lines = BudgetDiff.between(before, after).stream()
                .map(BudgetChange::line)
                .toList();
        assertEquals(
                List.of(
                        "~ acme time-zone Europe/Berlin -> UTC",
                        "~ acme monthly:cost-usd limit=500.1 window=calendar warn=80 action=pause -> limit=600 window=calendar warn=80 action=pause",
                        "- acme/support-agent daily:gpu-hours limit=1.5 window=rolling warn=80 action=require-approval",
                        "+ acme/support-agent monthly:cost-usd limit=20 window=calendar warn=80 action=pause"),
                lines);
        assertEquals(List.of(), BudgetDiff.between(before, before));
    }

    @Test
    void aLimitSurvivesItsTripThroughRedisJson() {
        for (BudgetLimit limit : BudgetFile.parse(FILE, "a").get("acme").tenantLimits()) {
            assertEquals(limit, BudgetCodec.decode(BudgetCodec.field(limit), BudgetCodec.encode(limit)));
        }
    }
}
