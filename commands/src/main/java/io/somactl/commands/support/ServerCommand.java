package io.somactl.commands.support;

import io.somactl.core.config.Settings;
import io.somactl.core.services.Services;
import picocli.CommandLine.Mixin;

/** A command that talks to the stack's servers, chosen by context and flags. */
public abstract class ServerCommand extends SomactlCommand {
    @Mixin
    protected ConnectionOptions connection;

    private boolean warned;
    private Services services;

    protected Settings settings() {
        Settings settings = connection.settings();
        if (!warned) {
            warned = true;
            settings.warnings().forEach(this::warn);
        }
        return settings;
    }

    /**
     * This run's services (connections opened on first use), from the root command's invocation; the
     * command tree closes them when the command returns ({@link #closeServices()}).
     */
    protected Services services() {
        if (services == null) {
            services = connection.invocation().services(settings());
        }
        return services;
    }

    /** Closes this run's services, if any were built; the next run (in the shell) builds new ones. */
    public void closeServices() {
        Services open = services;
        services = null;
        if (open != null) {
            open.close();
        }
    }
}
