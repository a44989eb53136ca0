package io.somactl.core;

import io.somactl.core.text.Redaction;
import java.util.Locale;

/** A server (Kafka, ClickHouse, Redis) did not answer at its address within the timeout. The message shows no password. */
public class ServerUnreachableException extends SomactlException {
    private final String server;
    private final String address;
    private final String reason;

    public ServerUnreachableException(String server, String address, Throwable cause) {
        super(Redaction.redact(server + " at " + address + " did not answer (" + reason(cause) + ")"), cause);
        this.server = server;
        this.address = Redaction.redact(address);
        this.reason = reason(cause);
    }

    public String server() {
        return server;
    }

    public String address() {
        return address;
    }

    /**
     * The one line a person reads: where, why in words and what to do, e.g. {@code cannot reach ClickHouse
     * at http://127.0.0.1:1 (connection refused): start it (stack/up starts the local stack) or point
     * somactl at it with --clickhouse-url or clickhouse.url; 'somactl doctor' checks every server}.
     */
    public String advice() {
        String where = switch (server.toLowerCase(Locale.ROOT)) {
            case "clickhouse" -> "--clickhouse-url or clickhouse.url";
            case "redis" -> "--redis-uri or redis.uri";
            case "kafka" -> "--bootstrap-server or kafka.bootstrap-server";
            case "prometheus" -> "prometheus.url";
            case "alertmanager" -> "alertmanager.url";
            default -> "the context's settings ('somactl config view')";
        };
        String name = switch (server.toLowerCase(Locale.ROOT)) {
            case "prometheus" -> "Prometheus";
            case "alertmanager" -> "Alertmanager";
            default -> server;
        };
        return Redaction.redact("cannot reach " + name + " at " + address + " (" + reason
                + "): start it (stack/up starts" + " the local stack) or point somactl at it with " + where
                + "; 'somactl doctor' checks every server");
    }

    /** Why a connection failed, in words: {@code connection refused}, {@code unknown host db1}, {@code no answer in time}. */
    public static String reason(Throwable cause) {
        String last = null;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String kind = t.getClass().getSimpleName();
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return "connection refused or closed";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host"
                        + (t.getMessage() == null ? "" : " " + t.getMessage().replaceFirst(":.*", ""));
            }
            if (t instanceof java.net.http.HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || kind.equals("TimeoutException")
                    || kind.equals("RedisCommandTimeoutException")) {
                return "no answer in time";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                last = t.getMessage();
            }
        }
        if (last != null && last.toLowerCase(Locale.ROOT).contains("refused")) {
            return "connection refused";
        }
        if (last != null) {
            return last;
        }
        return cause == null ? "no answer" : cause.getClass().getSimpleName();
    }
}
