package io.somactl.commands.support;

import io.somactl.core.config.Settings;
import picocli.CommandLine.Option;

/** {@code --actor NAME} and {@code --reason TEXT}: who makes a budget change and why, for the audit log. */
public final class ActorOptions {
    @Option(
            names = "--actor",
            paramLabel = "NAME",
            description = "Who is acting, for the audit log (default: the context's actor, else the login name).")
    private String actor;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit log.")
    private String reason;

    public String actor(Settings settings) {
        return actor != null && !actor.isBlank() ? actor : settings.actor();
    }

    public String reason() {
        return reason == null ? "" : reason;
    }
}
