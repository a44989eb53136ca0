package io.somactl.core.serve;

import io.somactl.core.budget.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The server's bearer tokens as the secrets file keeps them ({@code serve.tokens}): only each token's
 * SHA-256, never the token. An entry is {@code ID:SCOPE:HEX}, entries separated by commas; SCOPE is a
 * tenant name, or {@code *} for an admin token that reads and checks every tenant. A token is 256
 * random bits, base64url, prefixed {@code smt_} so it is recognisable in a leak scan.
 */
public final class ApiTokens {
    public static final String ADMIN = "*";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "smt_";

    /** One stored token: {@code tenant} is null for an admin token. */
    public record Grant(String id, String tenant, byte[] sha256) {
        public boolean admin() {
            return tenant == null;
        }

        /** May this grant read and check {@code tenantName}? */
        public boolean allows(String tenantName) {
            return admin() || tenant.equals(tenantName);
        }

        public String scope() {
            return admin() ? ADMIN : tenant;
        }

        String entry() {
            return id + ":" + scope() + ":" + HexFormat.of().formatHex(sha256);
        }
    }

    /** A new token and what is stored for it. */
    public record Created(String token, Grant grant) {}

    private final List<Grant> grants;

    private ApiTokens(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    public static ApiTokens parse(String stored) {
        List<Grant> grants = new ArrayList<>();
        if (stored != null && !stored.isBlank()) {
            for (String entry : stored.split(",")) {
                String[] parts = entry.strip().split(":");
                if (parts.length != 3 || parts[2].length() != 64) {
                    throw new IllegalArgumentException("serve.tokens: an entry is not ID:SCOPE:SHA256 (64 hex digits)");
                }
                String tenant = parts[1].equals(ADMIN) ? null : Names.tenant(parts[1]);
                grants.add(new Grant(parts[0], tenant, HexFormat.of().parseHex(parts[2])));
            }
        }
        return new ApiTokens(grants);
    }

    public List<Grant> grants() {
        return grants;
    }

    /** The value to store: every grant's entry. */
    public String format() {
        return String.join(",", grants.stream().map(Grant::entry).toList());
    }

    /** A new random token for {@code tenant} (null: admin); its id is the next free {@code tN}. */
    public Created create(String tenant) {
        if (tenant != null) {
            Names.tenant(tenant);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        int n = 1;
        while (find(n)) {
            n++;
        }
        return new Created(token, new Grant("t" + n, tenant, sha256(token)));
    }

    private boolean find(int n) {
        return grants.stream().anyMatch(g -> g.id().equals("t" + n));
    }

    public ApiTokens with(Grant grant) {
        List<Grant> more = new ArrayList<>(grants);
        more.add(grant);
        return new ApiTokens(more);
    }

    /** Without the token {@code id}; empty when there is none. */
    public Optional<ApiTokens> without(String id) {
        List<Grant> fewer = new ArrayList<>(grants);
        return fewer.removeIf(g -> g.id().equals(id)) ? Optional.of(new ApiTokens(fewer)) : Optional.empty();
    }

    /**
     * The grant of a presented token. Every stored hash is compared, each in constant time, so the
     * time taken says nothing about which (or whether one) matched.
     */
    public Optional<Grant> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        Grant found = null;
        for (Grant grant : grants) {
            if (MessageDigest.isEqual(grant.sha256(), presented) && found == null) {
                found = grant;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
