package io.somactl.core.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
    @Test
    void aCreatedTokenIsStoredOnlyAsItsSha256AndAuthenticatesWithItsScope() throws Exception {
        ApiTokens none = ApiTokens.parse("");
        ApiTokens.Created acme = none.create("acme");
        ApiTokens one = none.with(acme.grant());
        ApiTokens.Created admin = one.create(null);
        ApiTokens both = one.with(admin.grant());

        assertTrue(acme.token().startsWith("smt_"));
        assertEquals(4 + 43, acme.token().length(), "256 bits in base64url without padding");
        String stored = both.format();
        assertFalse(
                stored.contains(acme.token().substring(4))
                        || stored.contains(admin.token().substring(4)),
                stored);
        String hash = HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance("SHA-256").digest(acme.token().getBytes(StandardCharsets.UTF_8)));
        assertEquals(
                "t1:acme:" + hash + ",t2:*:"
                        + HexFormat.of().formatHex(admin.grant().sha256()),
                stored);

        ApiTokens reread = ApiTokens.parse(stored);
        ApiTokens.Grant tenant = reread.authenticate(acme.token()).orElseThrow();
        assertEquals("t1", tenant.id());
        assertTrue(tenant.allows("acme"));
        assertFalse(tenant.allows("globex"));
        assertFalse(tenant.admin());
        ApiTokens.Grant all = reread.authenticate(admin.token()).orElseThrow();
        assertTrue(all.admin() && all.allows("globex") && all.allows("acme"));
        assertTrue(reread.authenticate(acme.token() + "x").isEmpty());
        assertTrue(reread.authenticate("").isEmpty());
        assertTrue(reread.authenticate(null).isEmpty());
        assertArrayEquals(tenant.sha256(), acme.grant().sha256());
    }

    @Test
    void tokensAreRandomAndIdsReuseTheFirstFreeNumber() {
        ApiTokens tokens = ApiTokens.parse("");
        ApiTokens.Created a = tokens.create("acme");
        ApiTokens.Created b = tokens.create("acme");
        assertNotEquals(a.token(), b.token());
        ApiTokens three =
                tokens.with(a.grant()).with(tokens.with(a.grant()).create("x").grant());
        three = three.with(three.create("y").grant());
        assertEquals(
                "t1,t2,t3",
                String.join(
                        ",", three.grants().stream().map(ApiTokens.Grant::id).toList()));
        ApiTokens revoked = three.without("t2").orElseThrow();
        assertEquals("t2", revoked.create("z").grant().id());
        assertTrue(three.without("t9").isEmpty());
    }

    @Test
    void aDamagedEntryOrABadTenantIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("t1:acme:abcd"));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("t1:a b:" + "0".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.parse("").create("not a tenant"));
    }
}
