package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.CompiledEventSchema;
import io.somactl.core.events.Topic;
import io.somactl.core.pricing.PricingCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IngestRehearsalTest {

    @Test
    void everyTopicsSchemaFitsTheTableTheMigrationDeclares() throws IOException {
        String ddl;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(IngestRehearsal.EVENT_TABLES)) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Topic topic : Topic.values()) {
            TableLayout table = TableLayout.declaredIn(ddl, topic.table());
            EventPricing pricing =
                    new EventPricing(PricingCatalog.loadBundled().pricer(), topic, CompiledEventSchema.bundled(topic));
            assertDoesNotThrow(
                    () -> new RowEncoder(topic, table, CompiledEventSchema.bundled(topic), pricing.costColumns()),
                    topic.topicName() + "'s schema and the " + topic.table() + " table disagree");
        }
    }

    @Test
    void theRehearsalEncodesRowsOfEveryTopicWithoutAServer() {
        long rows = IngestRehearsal.run(PricingCatalog.loadBundled().pricer(), 3);
        assertTrue(rows >= 3 * Topic.values().length, "the rehearsal encoded only " + rows + " rows");
    }
}
