package io.somactl.core.ingest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpendMetricsTest {
    @Test
    void spendIsExactPerTenantAndModel() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.spent("acme", "phi-3", 10, new BigDecimal("0.000000000001"));
        metrics.spent("acme", "phi-3", 5, new BigDecimal("0.100000000000"));
        metrics.spent("beta", "voice", 7, new BigDecimal("2"));
        String text = metrics.prometheusText();
        assertTrue(
                text.contains("somactl_ingest_cost_usd_total{tenant=\"acme\",model=\"phi-3\"} 0.100000000001\n"), text);
        assertTrue(text.contains("somactl_ingest_tokens_total{tenant=\"acme\",model=\"phi-3\"} 15\n"), text);
        assertTrue(text.contains("somactl_ingest_cost_usd_total{tenant=\"beta\",model=\"voice\"} 2\n"), text);
    }

    @Test
    void pairsPastTheLimitCountUnderOtherSoTheScrapeStaysBounded() {
        IngestMetrics metrics = new IngestMetrics();
        for (int i = 0; i < IngestMetrics.MAX_SPEND_SERIES + 50; i++) {
            metrics.spent("tenant-" + i, "m", 1, BigDecimal.ONE);
        }
        String text = metrics.prometheusText();
        long series = text.lines()
                .filter(l -> l.startsWith("somactl_ingest_cost_usd_total{"))
                .count();
        assertEquals(IngestMetrics.MAX_SPEND_SERIES + 1, series, "the limit plus one \"other\" series");
        assertTrue(text.contains("somactl_ingest_cost_usd_total{tenant=\"other\",model=\"other\"} 50\n"), text);
        assertTrue(text.contains("somactl_ingest_tokens_total{tenant=\"other\",model=\"other\"} 50\n"), text);
    }

    @Test
    void deadLetterReasonsAreFixedWordsFromTheWorkersReasonText() {
        assertEquals(DeadLetterReason.EMPTY, DeadLetterReason.of("empty record"));
        assertEquals(
                DeadLetterReason.TOO_LARGE,
                DeadLetterReason.of("event of 99 bytes is larger than the limit of 10 (--max-event-bytes)"));
        assertEquals(DeadLetterReason.INVALID_JSON, DeadLetterReason.of("not valid JSON: unexpected end"));
        assertEquals(DeadLetterReason.SCHEMA, DeadLetterReason.of("does not match the slm.metrics schema: $.ts: bad"));
        assertEquals(DeadLetterReason.UNPRICED, DeadLetterReason.of("cannot price: unknown model x"));
        assertEquals(DeadLetterReason.UNSTORABLE, DeadLetterReason.of("cannot store: too big"));
        assertEquals(DeadLetterReason.OTHER, DeadLetterReason.of("cannot process: NPE"));
        IngestMetrics metrics = new IngestMetrics();
        metrics.deadLettered(Topic.SLM_METRICS, DeadLetterReason.UNPRICED, 3);
        assertTrue(metrics.prometheusText()
                .contains("somactl_ingest_dead_letters_total{topic=\"slm.metrics\",reason=\"unpriced\"} 3\n"));
    }

    @Test
    void lagPerPartitionAndTheCatalogVersionAreShown() {
        IngestMetrics metrics = new IngestMetrics();
        metrics.partitionLag(Map.of("slm.metrics", Map.of(10, 5L, 2, -1L)));
        metrics.pricingCatalog("2026-11-01.1");
        String text = metrics.prometheusText();
        assertTrue(
                text.contains("somactl_ingest_consumer_partition_lag{topic=\"slm.metrics\",partition=\"2\"} 0\n"
                        + "somactl_ingest_consumer_partition_lag{topic=\"slm.metrics\",partition=\"10\"} 5\n"),
                text);
        assertTrue(text.contains("somactl_ingest_pricing_catalog_info{version=\"2026-11-01.1\"} 1\n"), text);
    }
}
