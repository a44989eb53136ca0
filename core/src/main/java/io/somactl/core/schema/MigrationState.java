package io.somactl.core.schema;

/** Where one migration stands on a server. */
public enum MigrationState {
    /** Ran, and the file is the one that ran. */
    APPLIED,
    /** Not run yet; {@code schema apply} runs it. */
    PENDING,
    /** Ran, but the file has changed since: someone edited history. */
    CHANGED,
    /** Recorded on the server but not known to this somactl: a newer version applied it. */
    UNKNOWN;

    public boolean isClean() {
        return this == APPLIED;
    }
}
