package io.somactl.core.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.events.Topic;
import io.somactl.core.testing.LocalStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("stack")
class TopicProvisionerIT {
    private final LocalStack stack = LocalStack.ensureUp();

    @Test
    void createsEveryTelemetryTopicAndItsDeadLetterTopicOnceThenLeavesThemBe() throws Exception {
        TopicProvisioner provisioner = new TopicProvisioner(stack.kafka());
        TopicPlan plan = new TopicPlan(3, (short) 1, Duration.ofHours(24), Duration.ofDays(7));
        List<TopicOutcome> first = provisioner.create(List.of(Topic.values()), TopicNames.plain(), plan);
        List<TopicOutcome> second = provisioner.create(List.of(Topic.values()), TopicNames.plain(), plan);

        assertEquals(12, first.size(), "six topics and six dead-letter topics");
        assertTrue(
                second.stream().allMatch(o -> o.state() == TopicOutcome.State.EXISTS),
                "a second run must find every topic there: " + second);
        try (AdminSession session = new AdminSession(stack.kafka())) {
            Set<String> names = session.admin().listTopics().names().get(20, TimeUnit.SECONDS);
            for (Topic topic : Topic.values()) {
                assertTrue(names.contains(topic.topicName()), topic.topicName() + " was not created");
                assertTrue(names.contains(topic.deadLetterTopic()), topic.deadLetterTopic() + " was not created");
            }
            ConfigResource dlq = new ConfigResource(ConfigResource.Type.TOPIC, Topic.SLM_METRICS.deadLetterTopic());
            Map<ConfigResource, Config> configs =
                    session.admin().describeConfigs(List.of(dlq)).all().get(20, TimeUnit.SECONDS);
            String retention = configs.get(dlq).get("retention.ms").value();
            if (first.get(1).state() == TopicOutcome.State.CREATED) {
                assertEquals(
                        String.valueOf(Duration.ofDays(7).toMillis()),
                        retention,
                        "dead letters keep their own retention");
            }
        }
    }
}
