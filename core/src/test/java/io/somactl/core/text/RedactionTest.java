package io.somactl.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void thePasswordOfAnAddressIsMaskedAndTheUserKept() {
        assertEquals("http://default:****@127.0.0.1:18123", Redaction.redact("http://default:Secret@127.0.0.1:18123"));
        assertEquals(
                "https://somactl:****@ch.prod:8443/?database=x",
                Redaction.redact("https://somactl:p%40ss@ch.prod:8443/?database=x"));
        assertEquals("redis://:****@127.0.0.1:16379/0", Redaction.redact("redis://:Secret@127.0.0.1:16379/0"));
        assertEquals("rediss://app:****@redis.prod:6380", Redaction.redact("rediss://app:Secret@redis.prod:6380"));
        assertEquals("SASL_SSL://user:****@kafka-1:9092", Redaction.redact("SASL_SSL://user:Secret@kafka-1:9092"));
    }

    @Test
    void aLoneUserinfoIsAPasswordInRedisUrisAndAUserElsewhere() {
        assertEquals("redis://****@127.0.0.1:16379", Redaction.redact("redis://Secret@127.0.0.1:16379"));
        assertEquals("http://default@127.0.0.1:18123", Redaction.redact("http://default@127.0.0.1:18123"));
    }

    @Test
    void everyAddressOfAListAndOfAMessageIsMasked() {
        assertEquals(
                "redis://:****@10.0.0.1:7000,redis://:****@10.0.0.2:7000",
                Redaction.redact("redis://:a@10.0.0.1:7000,redis://:b@10.0.0.2:7000"));
        assertEquals("u:****@k1:9092,u:****@k2:9092", Redaction.redact("u:pw1@k1:9092,u:pw2@k2:9092"));
        assertEquals(
                "ConfigException: Invalid url in bootstrap.servers: user:****@127.0.0.1:19092",
                Redaction.redact("ConfigException: Invalid url in bootstrap.servers: user:Secret3@127.0.0.1:19092"));
        assertEquals(
                "ClickHouse at http://default:****@127.0.0.1:1 did not answer (ConnectException)",
                Redaction.redact("ClickHouse at http://default:Secret@127.0.0.1:1 did not answer (ConnectException)"));
        assertEquals(
                "'http://default:****@h:1'",
                Redaction.redact("'http://default:p@ss@h:1'"),
                "an unencoded @ in the password");
    }

    @Test
    void textWithoutCredentialsIsLeftAlone() {
        for (String plain : new String[] {
            "http://127.0.0.1:18123",
            "redis://127.0.0.1:16379",
            "127.0.0.1:19092",
            "mail ops@example.com",
            "persona support@acme",
            "at 2026-11-01T00:00:00Z: 3 rows",
            null
        }) {
            assertEquals(plain, Redaction.redact(plain));
        }
    }

    @Test
    void aHostileMessageIsRedactedInLinearTime() {
        String hostile = "x://a:".repeat(5_000) + "@" + "u:p".repeat(5_000) + "@" + ":".repeat(20_000) + "@";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(2),
                () -> Redaction.redact(hostile),
                "redacting a 65,000-character message must not backtrack for long");
    }
}
