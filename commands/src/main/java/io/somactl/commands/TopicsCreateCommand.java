package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.KafkaClientOptions;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.ServerCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.events.Topic;
import io.somactl.core.kafka.TopicOutcome;
import io.somactl.core.kafka.TopicPlan;
import io.somactl.core.kafka.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "create",
        description = "Create the six telemetry topics and their .dlq dead-letter topics (existing ones are kept).")
public final class TopicsCreateCommand extends ServerCommand {
    @Mixin
    private KafkaClientOptions kafka;

    @Mixin
    private OutputOptions output;

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(
            names = "--replication-factor",
            defaultValue = "1",
            description = "Replicas per partition (default: ${DEFAULT-VALUE}).")
    private short replicationFactor;

    @Option(
            names = "--retention-hours",
            defaultValue = "168",
            description = "How long telemetry stays in Kafka (default: ${DEFAULT-VALUE}).")
    private long retentionHours;

    @Option(
            names = "--dlq-retention-hours",
            defaultValue = "720",
            description = "How long dead letters stay (default: ${DEFAULT-VALUE}).")
    private long deadLetterRetentionHours;

    @Override
    public Integer call() {
        TopicPlan plan = new TopicPlan(
                partitions,
                replicationFactor,
                Duration.ofHours(retentionHours),
                Duration.ofHours(deadLetterRetentionHours));
        List<TopicOutcome> outcomes = new TopicProvisioner(settings().kafka(kafka.clientProperties()))
                .create(List.of(Topic.values()), settings().topicNames(), plan);
        Table table = Table.withColumns("topic", "kind", "partitions", "state");
        outcomes.forEach(o -> table.row(
                o.topic(),
                o.deadLetter() ? "dead-letter" : "telemetry",
                o.partitions(),
                o.state().name().toLowerCase(Locale.ROOT)));
        output.render(table, out());
        return ExitCode.OK;
    }
}
