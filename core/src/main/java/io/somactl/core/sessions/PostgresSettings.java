package io.somactl.core.sessions;

import io.somactl.core.Secret;
import io.somactl.core.config.ConfigException;
import io.somactl.core.text.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the session summaries live: a PostgreSQL database. {@code url} is
 * {@code postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE} (libpq's form) or a JDBC URL
 * {@code jdbc:postgresql://HOST[:PORT]/DATABASE}; a user or password in it wins over {@code postgres.user}
 * and {@code postgres.password}. The summaries go in the Postgres schema named like the ClickHouse
 * database they summarize, so one Postgres serves several databases (and tests) apart.
 */
public record PostgresSettings(String jdbcUrl, String user, Secret password, Duration timeout, String display) {
    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
    }

    public static PostgresSettings parse(String url, String user, Secret password, Duration timeout) {
        String text = url.strip();
        String rest;
        if (text.startsWith("jdbc:postgresql://")) {
            rest = text.substring("jdbc:".length());
        } else if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
            rest = "postgresql://" + text.substring(text.indexOf("://") + 3);
        } else {
            throw new ConfigException("postgres.url: '" + Redaction.redact(text)
                    + "' is not a PostgreSQL URL (e.g. postgresql://somactl@127.0.0.1:15432/somactl)");
        }
        try {
            URI uri = new URI(rest);
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new ConfigException("postgres.url: '" + Redaction.redact(text)
                        + "' needs a host and a database (e.g. postgresql://somactl@127.0.0.1:15432/somactl)");
            }
            String who = user;
            Secret secret = password;
            if (uri.getRawUserInfo() != null) {
                String[] info = uri.getUserInfo().split(":", 2);
                who = info[0].isEmpty() ? user : info[0];
                if (info.length == 2) {
                    secret = Secret.of(info[1]);
                }
            }
            String hostPort = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            String jdbc = "jdbc:postgresql://" + hostPort + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new PostgresSettings(
                    jdbc, who, secret, timeout, "postgresql://" + who + "@" + hostPort + uri.getRawPath());
        } catch (URISyntaxException e) {
            throw new ConfigException("postgres.url: '" + Redaction.redact(text) + "' is not a URL");
        }
    }

    @Override
    public String toString() {
        return display;
    }
}
