package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.somactl.core.config.SecretsFile;
import io.somactl.core.serve.ApiTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's options and its token commands, which need no server. */
class ServeCommandTest {
    @TempDir
    Path home;

    private Run run(String... args) {
        return Run.of(Map.of("HOME", home.toString()), args);
    }

    @Test
    void tokensAreCreatedListedAndRevokedInTheSecretsFileAsHashesOnly() throws Exception {
        Run acme = run("serve", "token", "create", "--tenant", "acme");
        assertEquals(0, acme.exitCode(), acme.describe());
        String token = acme.out().strip();
        assertTrue(token.matches("smt_[A-Za-z0-9_-]{43}"), acme.describe());
        assertTrue(acme.err().contains("shown only now"), acme.describe());
        Run admin = run("serve", "token", "create", "--admin");
        assertEquals(0, admin.exitCode(), admin.describe());

        Path secrets = home.resolve(".config/somactl/secrets.yaml");
        String stored = Files.readString(secrets);
        assertFalse(stored.contains(token) || stored.contains(admin.out().strip()), stored);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)));
        ApiTokens tokens =
                ApiTokens.parse(SecretsFile.load(secrets).forContext("local").get("serve.tokens"));
        assertEquals("acme", tokens.authenticate(token).orElseThrow().tenant());

        Run list = run("serve", "token", "list", "-o", "csv");
        List<String> lines = list.out().lines().toList();
        assertEquals("id,scope,sha256_prefix", lines.get(0));
        assertTrue(lines.get(1).startsWith("t1,acme,") && lines.get(2).startsWith("t2,*,"), list.describe());

        assertEquals(0, run("serve", "token", "revoke", "t1").exitCode());
        assertEquals(2, run("serve", "token", "list", "-o", "csv").out().lines().count());
        Run again = run("serve", "token", "revoke", "t1");
        assertEquals(1, again.exitCode(), again.describe());
        assertTrue(again.err().contains("no token t1"), again.describe());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run neither = run("serve", "token", "create");
        assertEquals(2, neither.exitCode(), neither.describe());
        Run both = run("serve", "token", "create", "--tenant", "acme", "--admin");
        assertEquals(2, both.exitCode(), both.describe());
        assertEquals(2, run("serve", "token", "create", "--tenant", "a b").exitCode());
        Run listen = run("serve", "--listen", "nohost");
        assertEquals(2, listen.exitCode(), listen.describe());
        assertTrue(listen.err().contains("--listen: 'nohost' is not HOST:PORT"), listen.describe());
        assertEquals(2, run("serve", "--listen", "127.0.0.1:99999").exitCode());
        assertEquals(2, run("serve", "--max-body", "1").exitCode());
    }
}
