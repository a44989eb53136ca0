package io.somactl.core.schema;

/** One row of {@code schema status}. {@code appliedAt} is empty for a pending migration. */
public record MigrationStatus(int version, String name, MigrationState state, String appliedAt) {}
