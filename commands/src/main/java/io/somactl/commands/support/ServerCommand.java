package io.somactl.commands.support;

import io.somactl.core.config.Settings;
import picocli.CommandLine.Mixin;

/** A command that talks to the stack's servers, chosen by context and flags. */
public abstract class ServerCommand extends SomactlCommand {
    @Mixin
    protected ConnectionOptions connection;

    private boolean warned;

    protected Settings settings() {
        Settings settings = connection.settings();
        if (!warned) {
            warned = true;
            settings.warnings().forEach(this::warn);
        }
        return settings;
    }
}
