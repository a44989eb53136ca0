package io.somactl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher uses the JVM's AOT cache only when it belongs to the jar and the JDK; anything else is ignored, silently. */
class LauncherAotCacheTest {
    private static final Path JAVA_LIB =
            Path.of("..", "bin", "lib", "java.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void aFreshCacheFromThisJdkIsUsed() throws Exception {
        Path jar = file("somactl.jar", 100);
        file("somactl.aot", 200);
        Files.writeString(dir.resolve("somactl.aot.jdk"), javaOfLauncher());
        assertEquals(
                launcherJavaMajor() >= 25 ? "use" : "ignore",
                usable(jar),
                "a cache newer than the jar, made by this JDK, should be used (Java 25 and later)");
    }

    @Test
    void aCacheOlderThanTheJarIsIgnored() throws Exception {
        Path jar = file("somactl.jar", 200);
        file("somactl.aot", 100);
        Files.writeString(dir.resolve("somactl.aot.jdk"), javaOfLauncher());
        assertEquals("ignore", usable(jar), "a jar rebuilt after its cache makes the cache stale");
    }

    @Test
    void aCacheFromAnotherJdkOrWithoutOriginIsIgnored() throws Exception {
        Path jar = file("somactl.jar", 100);
        file("somactl.aot", 200);
        assertEquals("ignore", usable(jar), "a cache whose JDK is unknown");
        Files.writeString(dir.resolve("somactl.aot.jdk"), "/opt/some-other-jdk/bin/java");
        assertEquals("ignore", usable(jar), "a cache from another JDK");
    }

    @Test
    void aCacheTheJvmCannotReadChangesNothingTheUserSees() throws Exception {
        assumeTrue(launcherJavaMajor() >= 25, "AOT caches need Java 25");
        Path garbage = file("garbage.aot", 100);
        Files.writeString(garbage, "not an AOT cache");
        Process java = new ProcessBuilder(
                        javaOfLauncher(), "-XX:AOTCache=" + garbage, "-Xlog:aot=off", "-Xlog:cds=off", "-version")
                .redirectErrorStream(true)
                .start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, java.waitFor(), output);
        assertTrue(
                output.lines().noneMatch(line -> line.toLowerCase().contains("aot") || line.contains("error")),
                "the JVM complained about the unusable cache: " + output);
    }

    private Path file(String name, long secondsAfterEpochDay) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, name);
        Files.setLastModifiedTime(
                file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(secondsAfterEpochDay)));
        return file;
    }

    private static String javaOfLauncher() throws Exception {
        return shell(". '" + JAVA_LIB + "' && somactl_find_java >/dev/null && printf %s \"$SOMACTL_JAVA\"");
    }

    private static int launcherJavaMajor() throws Exception {
        return Integer.parseInt(
                shell(". '" + JAVA_LIB + "' && somactl_find_java >/dev/null && somactl_java_major \"$SOMACTL_JAVA\""));
    }

    private static String usable(Path jar) throws Exception {
        return shell(". '" + JAVA_LIB + "' && somactl_find_java >/dev/null && if somactl_aot_usable '" + jar
                + "'; then printf use; else printf ignore; fi");
    }

    private static String shell(String script) throws Exception {
        Process bash = new ProcessBuilder(List.of("bash", "-c", script))
                .redirectErrorStream(true)
                .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, bash.waitFor(), out);
        return out.strip();
    }
}
