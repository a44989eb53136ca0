package io.somactl.core.doctor;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs every health check at once, so a dead server costs one timeout, not three. */
public final class StackDoctor {
    private final List<HealthCheck> checks;

    public StackDoctor(List<HealthCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    public List<HealthReport> examine() {
        List<CompletableFuture<HealthReport>> running = checks.stream()
                .map(check -> CompletableFuture.supplyAsync(check::check))
                .toList();
        return running.stream().map(CompletableFuture::join).toList();
    }
}
