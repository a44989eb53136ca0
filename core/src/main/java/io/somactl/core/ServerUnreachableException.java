package io.somactl.core;

import io.somactl.core.text.Redaction;

/** A server (Kafka, ClickHouse, Redis) did not answer at its address within the timeout. The message shows no password. */
public class ServerUnreachableException extends SomactlException {
    private final String server;
    private final String address;

    public ServerUnreachableException(String server, String address, Throwable cause) {
        super(Redaction.redact(server + " at " + address + " did not answer (" + describe(cause) + ")"), cause);
        this.server = server;
        this.address = Redaction.redact(address);
    }

    public String server() {
        return server;
    }

    public String address() {
        return address;
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage();
        String kind = root.getClass().getSimpleName();
        return text == null || text.isBlank() ? kind : kind + ": " + text;
    }
}
