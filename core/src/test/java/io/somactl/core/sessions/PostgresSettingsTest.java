package io.somactl.core.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.Secret;
import io.somactl.core.SomactlException;
import io.somactl.core.config.ConfigException;
import io.somactl.core.text.Redaction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void aLibpqUrlBecomesAJdbcUrlWithItsUserAndPasswordApart() {
        PostgresSettings s = PostgresSettings.parse(
                "postgresql://ops:s3cret@db.prod:5433/telemetry?sslmode=require", "somactl", Secret.none(), T);
        assertEquals("jdbc:postgresql://db.prod:5433/telemetry?sslmode=require", s.jdbcUrl());
        assertEquals("ops", s.user());
        assertEquals("s3cret", s.password().reveal());
        assertFalse(s.toString().contains("s3cret"), "the shown address must not carry the password: " + s);
        assertFalse(s.jdbcUrl().contains("s3cret"));
    }

    @Test
    void theSettingsUserAndPasswordApplyWhenTheUrlNamesNone() {
        PostgresSettings s =
                PostgresSettings.parse("jdbc:postgresql://127.0.0.1:15432/somactl", "somactl", Secret.of("pw"), T);
        assertEquals("jdbc:postgresql://127.0.0.1:15432/somactl", s.jdbcUrl());
        assertEquals("somactl", s.user());
        assertEquals("pw", s.password().reveal());
        assertEquals("postgresql://somactl@127.0.0.1:15432/somactl", s.display());
    }

    @Test
    void aUrlThatIsNotPostgresOrHasNoDatabaseIsAConfigErrorThatShowsNoPassword() {
        ConfigException wrong = assertThrows(
                ConfigException.class, () -> PostgresSettings.parse("mysql://u:hunter2@h/db", "u", Secret.none(), T));
        assertFalse(wrong.getMessage().contains("hunter2"), wrong.getMessage());
        assertTrue(wrong.getMessage().startsWith("postgres.url: "), wrong.getMessage());
        assertThrows(ConfigException.class, () -> PostgresSettings.parse("postgresql://h:5432", "u", Secret.none(), T));
    }

    @Test
    void redactionMasksAPostgresUrlsPassword() {
        assertEquals("postgresql://ops:****@db:5432/x", Redaction.redact("postgresql://ops:s3cret@db:5432/x"));
    }

    @Test
    void theSchemaIsTheClickHouseDatabaseQuotedAndOnlyAPlainName() {
        assertEquals("\"t_sessions_1_2\"", SessionStore.schemaName("t_sessions_1_2"));
        assertThrows(SomactlException.class, () -> SessionStore.schemaName("a\"; DROP SCHEMA x; --"));
    }
}
