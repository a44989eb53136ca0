package io.somactl.core.sessions;

/** A session's identity: session ids are the tenant's. */
public record SessionKey(String tenant, String sessionId) implements Comparable<SessionKey> {
    @Override
    public int compareTo(SessionKey o) {
        int c = tenant.compareTo(o.tenant);
        return c != 0 ? c : sessionId.compareTo(o.sessionId);
    }
}
