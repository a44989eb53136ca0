package io.somactl.core.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somactl.core.events.Topic;
import io.somactl.core.fixtures.TopicEvent;
import io.somactl.core.testing.IngestFixture;
import io.somactl.core.testing.IngestFixture.Expected;
import io.somactl.core.testing.IngestFixture.Raw;
import io.somactl.core.testing.UsageReconciliation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Billing-level exactly once: a producer that sends an event again (same tenant and event_id) at a
 * new Kafka offset has it stored and counted once, whenever the copy arrives: in the same batch, in
 * a later batch, after the original was committed, or while two workers share the group. A copy
 * with other values is dead-lettered naming both records.
 */
@Tag("stack")
class EventIdIngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsSentTwiceAreStoredAndBilledOnceAndCountedAsDuplicates() throws Exception {
        IngestFixture fixture = new IngestFixture("dupes");
        List<TopicEvent> events = IngestFixture.trace(3_000);
        List<Raw> records = raw(events);
        // A producer's retries: 400 events again, some right behind the original, some a few batches later,
        // and 50 of them serialized anew with their keys in another order (same values, other bytes).
        List<Raw> copies = copiesOf(events, 0, 400, 50);
        List<Raw> all = new ArrayList<>(records.subList(0, 1_000));
        all.addAll(copies.subList(0, 200));
        all.addAll(records.subList(1_000, 3_000));
        all.addAll(copies.subList(200, 400));
        Expected expected = expectedOf(events);
        fixture.produceRaw(all);

        IngestSummary summary = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, "g-" + fixture.name, 500));

        assertTrue(summary.clean(), summary.problem());
        assertStoredOnce(fixture, expected);
        assertEquals(400, summary.totals().duplicates(), "each copy should count as one duplicate");
        assertEquals(0, summary.totals().deadLettered(), "a copy with the same values is no dead letter");
        assertEquals(all.size(), summary.totals().consumed());
        assertEquals(expected.total(), summary.totals().inserted(), "inserted rows should be the distinct events");
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    @Test
    void anEventSentAgainAfterItWasStoredAndCommittedIsNotStoredOrBilledAgain() {
        IngestFixture fixture = new IngestFixture("dupelater");
        List<TopicEvent> events = IngestFixture.trace(2_000);
        Expected expected = expectedOf(events);
        fixture.produceRaw(raw(events));
        String group = "g-" + fixture.name;
        IngestSummary first = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, group, 1_000));
        assertTrue(first.clean(), first.problem());

        List<Raw> copies = copiesOf(events, 500, 800, 0);
        fixture.produceRaw(copies);
        IngestSummary second = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, group, 1_000));

        assertTrue(second.clean(), second.problem());
        assertStoredOnce(fixture, expected);
        UsageReconciliation.assertRedisAgrees(fixture);
        assertEquals(
                copies.size(),
                second.totals().duplicates(),
                "the restarted worker should see every copy as a duplicate");
        assertEquals(0, second.totals().inserted(), "nothing new was sent, so nothing should be inserted");
    }

    @Test
    void twoWorkersInOneGroupStoreAndBillEachEventIdOnce() throws Exception {
        IngestFixture fixture = new IngestFixture("dupepair");
        String group = "g-" + fixture.name;
        IngestConfig config = new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                group,
                1_000,
                Duration.ofMillis(200),
                64 * 1024,
                false,
                Duration.ofMillis(500),
                Duration.ZERO,
                2);
        List<TopicEvent> events = IngestFixture.trace(20_000);
        Expected expected = expectedOf(events);
        List<Raw> all = new ArrayList<>(raw(events));
        all.addAll(copiesOf(events, 0, 3_000, 0));
        long duplicates;
        try (IngestRun.Running one = IngestRun.start(fixture, config);
                IngestRun.Running two = IngestRun.start(fixture, config)) {
            fixture.awaitMembersWithPartitions(group, 2);
            fixture.produceRaw(all);
            fixture.awaitRows(expected);
            IngestSummary a = one.stop();
            IngestSummary b = two.stop();
            assertTrue(a.clean() && b.clean(), a.problem() + " / " + b.problem());
            assertTrue(a.totals().consumed() > 0 && b.totals().consumed() > 0, "both workers should have taken part");
            duplicates = a.totals().duplicates() + b.totals().duplicates();
        }
        IngestSummary rest =
                IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, group, 1_000)); // what they left

        assertStoredOnce(fixture, expected);
        UsageReconciliation.assertRedisAgrees(fixture);
        // At least: a batch stored by one worker whose commit a rebalance refused is read again by the other.
        assertTrue(
                duplicates + rest.totals().duplicates() >= 3_000,
                "every copy should count as a duplicate, but only "
                        + (duplicates + rest.totals().duplicates()) + " did");
    }

    @Test
    void aCopyWithOtherValuesIsDeadLetteredNamingBothRecordsAndNotBilled() throws Exception {
        IngestFixture fixture = new IngestFixture("dupeconflict");
        List<TopicEvent> events = IngestFixture.trace(1_000);
        Expected expected = expectedOf(events);
        List<TopicEvent> slm =
                events.stream().filter(e -> e.topic() == Topic.SLM_METRICS).toList();
        TopicEvent sameBatch = slm.get(3);
        TopicEvent nextRun = slm.get(7);
        List<Raw> records = new ArrayList<>(raw(events));
        records.add(new Raw(Topic.SLM_METRICS, sameBatch.tenant(), moreTokens(sameBatch.json())));
        fixture.produceRaw(records);
        String group = "g-" + fixture.name;
        IngestSummary first = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, group, 5_000));
        fixture.produceRaw(List.of(new Raw(Topic.SLM_METRICS, nextRun.tenant(), moreTokens(nextRun.json()))));
        IngestSummary second = IngestRun.untilCaughtUp(fixture, IngestRun.config(fixture, group, 5_000));

        assertTrue(first.clean() && second.clean(), first.problem() + " / " + second.problem());
        assertStoredOnce(fixture, expected);
        UsageReconciliation.assertRedisAgrees(fixture);
        assertEquals(1, first.totals().deadLettered(), "the copy in the same batch should be dead-lettered");
        assertEquals(
                1,
                second.totals().deadLettered(),
                "the copy sent after the original was stored should be dead-lettered");
        assertEquals(
                0,
                first.totals().duplicates() + second.totals().duplicates(),
                "a copy with other values is no duplicate");
        List<ConsumerRecord<byte[], byte[]>> dead = fixture.readAll(fixture.topics.deadLetterOf(Topic.SLM_METRICS), 2);
        assertEquals(2, dead.size(), "two dead letters expected");
        for (TopicEvent original : List.of(sameBatch, nextRun)) {
            String id = JSON.readTree(original.json()).get("event_id").asText();
            List<String> stored = fixture.clickHouse
                    .select("SELECT _partition, _offset FROM slm_metrics WHERE event_id = '" + id + "'")
                    .get(0);
            ConsumerRecord<byte[], byte[]> letter = dead.stream()
                    .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(id))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no dead letter for the copy of " + id));
            String reason = IngestFixture.header(letter, DeadLetters.REASON);
            String slmTopic = fixture.topics.of(Topic.SLM_METRICS);
            assertTrue(reason.contains("event_id " + id), reason);
            assertTrue(
                    reason.contains("from " + slmTopic + " partition " + stored.get(0) + " offset " + stored.get(1)),
                    "the reason should name the stored original's record: " + reason);
            assertTrue(
                    reason.contains("this copy from " + slmTopic + " partition "
                            + IngestFixture.header(letter, DeadLetters.SOURCE_PARTITION) + " offset "
                            + IngestFixture.header(letter, DeadLetters.SOURCE_OFFSET)),
                    "the reason should name the copy's record: " + reason);
        }
    }

    @Test
    void anIdSentAgainWithAnotherTimeIsCaughtWithinTheWindowAndStoredAsANewEventBeyondIt() throws Exception {
        IngestFixture fixture = new IngestFixture("dupewindow");
        List<TopicEvent> slm = IngestFixture.trace(600).stream()
                .filter(e -> e.topic() == Topic.SLM_METRICS)
                .toList();
        fixture.produceRaw(raw(slm));
        IngestConfig config = new IngestConfig(
                List.of(Topic.values()),
                fixture.topics,
                "g-" + fixture.name,
                5_000,
                Duration.ofMillis(200),
                64 * 1024,
                true,
                Duration.ofMillis(500),
                Duration.ZERO,
                2,
                Duration.ofHours(1));
        IngestSummary first = IngestRun.untilCaughtUp(fixture, config);
        TopicEvent within = slm.get(2);
        TopicEvent beyond = slm.get(5);
        fixture.produceRaw(List.of(
                new Raw(Topic.SLM_METRICS, within.tenant(), later(within.json(), Duration.ofMinutes(50))),
                new Raw(Topic.SLM_METRICS, beyond.tenant(), later(beyond.json(), Duration.ofMinutes(70)))));

        IngestSummary second = IngestRun.untilCaughtUp(fixture, config);

        assertTrue(first.clean() && second.clean(), first.problem() + " / " + second.problem());
        assertEquals(
                1, second.totals().deadLettered(), "the copy 50 minutes later is inside the 1 h window: a dead letter");
        assertEquals(1, second.totals().inserted(), "the copy 70 minutes later is beyond the window: a new event");
        assertEquals(slm.size() + 1, fixture.count(Topic.SLM_METRICS));
        UsageReconciliation.assertRedisAgrees(fixture);
    }

    private static String later(String json, Duration by) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(json);
            java.time.Instant ts =
                    java.time.Instant.parse(event.get("ts").asText()).plus(by);
            event.put(
                    "ts",
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                            .withZone(java.time.ZoneOffset.UTC)
                            .format(ts));
            return JSON.writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies of events {@code [from, to)}; the first {@code reordered} of them with their keys in reverse order. */
    static List<Raw> copiesOf(List<TopicEvent> events, int from, int to, int reordered) {
        List<Raw> copies = new ArrayList<>();
        for (int i = from; i < to; i++) {
            TopicEvent event = events.get(i);
            copies.add(new Raw(
                    event.topic(), event.tenant(), i - from < reordered ? reversedKeys(event.json()) : event.json()));
        }
        return copies;
    }

    private static List<Raw> raw(List<TopicEvent> events) {
        return events.stream()
                .map(e -> new Raw(e.topic(), e.tenant(), e.json()))
                .toList();
    }

    /** What storing each event once gives: counted from the events, not from what ingest did. */
    private static Expected expectedOf(List<TopicEvent> events) {
        IngestFixture.Expected expected = new IngestFixture.Expected();
        events.forEach(e -> expected.add(e.topic(), e.json()));
        return expected;
    }

    static void assertStoredOnce(IngestFixture fixture, Expected expected) {
        for (Topic topic : Topic.values()) {
            long events = expected.events.getOrDefault(topic, 0L);
            assertEquals(
                    events, fixture.count(topic), topic + ": rows in ClickHouse differ from the distinct events sent");
            assertEquals(
                    events,
                    Long.parseLong(
                            fixture.clickHouse.selectValue("SELECT uniqExact(tenant, event_id) FROM " + topic.table())),
                    topic + ": an event id is stored twice");
        }
        for (Topic topic : List.of(Topic.SLM_METRICS, Topic.ESCALATION_METRICS)) {
            assertEquals(
                    expected.inputTokens.get(topic),
                    fixture.sum(topic, "input_tokens"),
                    topic + " input tokens billed");
            assertEquals(
                    expected.outputTokens.get(topic),
                    fixture.sum(topic, "output_tokens"),
                    topic + " output tokens billed");
        }
    }

    private static String reversedKeys(String json) {
        try {
            JsonNode event = JSON.readTree(json);
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            ObjectNode reversed = JSON.createObjectNode();
            for (int i = fields.size() - 1; i >= 0; i--) {
                reversed.set(fields.get(i).getKey(), fields.get(i).getValue());
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reversed);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String moreTokens(String json) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(json);
            event.put("input_tokens", event.get("input_tokens").asLong() + 1_000);
            return JSON.writeValueAsString(event);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
