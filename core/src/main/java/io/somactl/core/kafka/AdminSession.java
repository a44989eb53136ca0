package io.somactl.core.kafka;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/** A Kafka admin client whose close does not wait forever on a broker that never answered. */
public final class AdminSession implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
    private final Admin admin;

    public AdminSession(KafkaSettings settings) {
        this.admin = Admin.create(settings.clientConfig());
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(CLOSE_TIMEOUT);
    }
}
