package io.somactl.core.doctor;

import io.somactl.core.kafka.AdminSession;
import io.somactl.core.kafka.KafkaSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;

/**
 * Kafka does not tell clients its release, so the version shown is the cluster's finalized
 * {@code metadata.version} feature level together with the broker count.
 */
public final class KafkaHealthCheck implements HealthCheck {
    private final KafkaSettings settings;

    public KafkaHealthCheck(KafkaSettings settings) {
        this.settings = settings;
    }

    @Override
    public String server() {
        return "kafka";
    }

    @Override
    public String address() {
        return settings.bootstrapServers();
    }

    @Override
    public HealthReport check() {
        long timeout = settings.timeout().toMillis();
        try (AdminSession session = new AdminSession(settings)) {
            Admin admin = session.admin();
            DescribeClusterResult cluster = admin.describeCluster();
            int brokers = cluster.nodes().get(timeout, TimeUnit.MILLISECONDS).size();
            // The first request pays for the connection; the round trip is timed on the second.
            long start = System.nanoTime();
            FeatureMetadata features =
                    admin.describeFeatures().featureMetadata().get(timeout, TimeUnit.MILLISECONDS);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            FinalizedVersionRange metadata = features.finalizedFeatures().get("metadata.version");
            String level = metadata == null ? "?" : String.valueOf(metadata.maxVersionLevel());
            return HealthReport.up(
                    server(),
                    address(),
                    "metadata.version " + level + ", " + brokers + (brokers == 1 ? " broker" : " brokers"),
                    latency);
        } catch (java.util.concurrent.TimeoutException e) {
            return HealthReport.down(
                    server(),
                    address(),
                    "no answer within " + settings.timeout().toSeconds() + " s");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return HealthReport.down(server(), address(), Problems.describe(e));
        }
    }
}
