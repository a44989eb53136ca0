package io.somactl.core.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.ServerUnreachableException;
import io.somactl.core.config.ConfigFile;
import io.somactl.core.config.SecretsFile;
import io.somactl.core.config.Settings;
import io.somactl.core.config.SettingsResolver;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicesTest {
    @TempDir
    Path dir;

    private Settings settings(String redisUri) {
        return new SettingsResolver(
                        ConfigFile.load(dir.resolve("config.yaml")),
                        SecretsFile.load(dir.resolve("secrets.yaml")),
                        Map.of(
                                "SOMACTL_REDIS_URI",
                                redisUri,
                                "SOMACTL_TIMEOUT",
                                "1s",
                                "SOMACTL_CLICKHOUSE_DATABASE",
                                "elsewhere"))
                .resolve(null, null, Map.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void connectionsOpenOnFirstUseOnlySoClickHouseWorkNeverTouchesRedis() throws Exception {
        Services services = new Services(settings("redis://127.0.0.1:" + freePort()));
        assertSame(services.clickHouse(), services.clickHouse(), "one ClickHouse adapter per run");
        assertEquals("elsewhere", services.clickHouse().database());
        services.tokens();
        services.calls();
        services.modelStats();
        // Redis is down: only what needs it fails, and says which server
        ServerUnreachableException down = assertThrows(ServerUnreachableException.class, services::budgetStore);
        assertTrue(down.getMessage().contains("Redis"), down.getMessage());
        services.close();
    }

    @Test
    void closedServicesRefuseUseAndCloseIsIdempotent() throws Exception {
        Services services = new Services(settings("redis://127.0.0.1:" + freePort()));
        services.clickHouse();
        services.close();
        services.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, services::clickHouse);
        assertEquals("services already closed", closed.getMessage());
        assertThrows(IllegalStateException.class, services::redis);
        assertThrows(IllegalStateException.class, () -> services.kafkaAdmin(Map.of()));
    }
}
