package io.somactl.core.kafka;

import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.events.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the six telemetry topics and their dead-letter topics; topics already there are left as they are. */
public final class TopicProvisioner {
    private final KafkaSettings settings;

    public TopicProvisioner(KafkaSettings settings) {
        this.settings = settings;
    }

    public List<TopicOutcome> create(List<Topic> topics, TopicNames names, TopicPlan plan) {
        try (AdminSession session = new AdminSession(settings)) {
            Admin admin = session.admin();
            List<TopicOutcome> outcomes = new ArrayList<>();
            for (Topic topic : topics) {
                outcomes.add(createOne(admin, names.of(topic), false, plan.partitions(), plan));
                outcomes.add(createOne(admin, names.deadLetterOf(topic), true, plan.partitions(), plan));
            }
            return outcomes;
        }
    }

    private TopicOutcome createOne(Admin admin, String name, boolean deadLetter, int partitions, TopicPlan plan) {
        long retentionMillis = (deadLetter ? plan.deadLetterRetention() : plan.retention()).toMillis();
        NewTopic topic = new NewTopic(name, partitions, plan.replicationFactor())
                .configs(Map.of("retention.ms", String.valueOf(retentionMillis)));
        try {
            admin.createTopics(List.of(topic)).all().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new TopicOutcome(name, deadLetter, partitions, TopicOutcome.State.CREATED);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return new TopicOutcome(
                        name, deadLetter, describe(admin, name).partitions().size(), TopicOutcome.State.EXISTS);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new ServerUnreachableException("Kafka", settings.bootstrapServers(), e);
            }
            throw new SomactlException(
                    "Kafka refused to create topic " + name + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (TimeoutException e) {
            throw new ServerUnreachableException("Kafka", settings.bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while creating topic " + name, e);
        }
    }

    private TopicDescription describe(Admin admin, String name) {
        try {
            return admin.describeTopics(List.of(name))
                    .allTopicNames()
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .get(name);
        } catch (ExecutionException | TimeoutException e) {
            throw new ServerUnreachableException("Kafka", settings.bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SomactlException("interrupted while describing topic " + name, e);
        }
    }
}
