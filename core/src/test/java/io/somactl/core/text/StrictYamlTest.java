package io.somactl.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.budget.BudgetFile;
import io.somactl.core.config.ConfigException;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.pricing.PricingCatalog;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One strict YAML reader for config, budgets and catalogs: duplicate keys refused, unknown keys named with a suggestion. */
class StrictYamlTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownKeyIsNamedWithTheClosestKnownOne() {
        assertEquals(Optional.empty(), StrictYaml.unknownKey("limit", List.of("limit", "action")));
        assertEquals(
                Optional.of("unknown key 'limt' (did you mean 'limit'?); known: action, limit"),
                StrictYaml.unknownKey("limt", List.of("limit", "action")));
        assertEquals(
                Optional.of("unknown key 'colour'; known: action, limit"),
                StrictYaml.unknownKey("colour", List.of("limit", "action")),
                "nothing close: no suggestion");
        assertEquals(2, StrictYaml.levenshtein("ouput", "output") + 1);
    }

    @Test
    void aKeyTwiceInOneMappingIsRefusedAndDecimalsStayExact() throws IOException {
        assertThrows(IOException.class, () -> StrictYaml.read("a: 1\na: 2\n"));
        assertEquals(
                new BigDecimal("0.10"),
                StrictYaml.read("price: 0.10\n").get("price").decimalValue());
    }

    @Test
    void theBudgetsFileSuggests() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> BudgetFile.parse(
                        "tenants:\n  acme:\n    limits:\n      - {period: daily, metric: total-tokens, limt: 10, action: pause}\n",
                        "b.yaml"));
        assertTrue(e.getMessage().contains("unknown key 'limt' (did you mean 'limit'?)"), e.getMessage());
        ConfigException twice =
                assertThrows(ConfigException.class, () -> BudgetFile.parse("tenants: {}\ntenants: {}\n", "b.yaml"));
        assertTrue(
                twice.getMessage().contains("b.yaml is not valid YAML")
                        && twice.getMessage().contains("tenants"),
                twice.getMessage());
    }

    @Test
    void theConfigFileSuggests() throws IOException {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "contexts:\n  prod:\n    clickhouse.ulr: http://ch:8123\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(config));
        assertTrue(
                e.getMessage().contains("unknown key 'clickhouse.ulr' (did you mean 'clickhouse.url'?)"),
                e.getMessage());
        Files.writeString(config, "contexts:\n  prod:\n    timeout: 5s\n  prod:\n    timeout: 6s\n");
        ConfigException twice = assertThrows(ConfigException.class, () -> ConfigFile.load(config));
        assertTrue(
                twice.getMessage().contains("prod"),
                "a context twice is refused, not last-wins: " + twice.getMessage());
    }

    @Test
    void theCatalogSuggestsThroughTheSameChecker() throws IOException {
        Path catalog = dir.resolve("c.yaml");
        Files.writeString(catalog, "version: x\ncolor: red\n");
        Exception e = assertThrows(Exception.class, () -> PricingCatalog.load(catalog));
        assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
    }
}
