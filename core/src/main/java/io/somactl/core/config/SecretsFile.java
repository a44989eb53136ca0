package io.somactl.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.somactl.core.files.AtomicFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * secrets.yaml beside config.yaml: per context, the secret settings (passwords). It must be
 * readable by its owner only; a looser file still works but earns a warning, as ssh does.
 */
public record SecretsFile(Path path, Map<String, Map<String, String>> contexts, List<String> warnings) {

    public static SecretsFile load(Path path) {
        if (!Files.exists(path)) {
            return new SecretsFile(path, Map.of(), List.of());
        }
        List<String> warnings = new ArrayList<>();
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                warnings.add(path + " can be read by other users; run: chmod 600 " + path);
            }
        } catch (UnsupportedOperationException | java.io.IOException ignored) {
            // not a POSIX file system: nothing to check
        }
        JsonNode root = ConfigFile.readYaml(path);
        Map<String, Map<String, String>> contexts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("contexts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> context = it.next();
            Map<String, String> values = new TreeMap<>();
            ConfigFile.flatten("", context.getValue(), values);
            values.keySet().forEach(key -> ConfigFile.checkKey(path, context.getKey(), key, true));
            contexts.put(context.getKey(), values);
        }
        return new SecretsFile(path, contexts, List.copyOf(warnings));
    }

    public Map<String, String> forContext(String name) {
        return contexts.getOrDefault(name, Map.of());
    }

    public SecretsFile withContext(String name, Map<String, String> values) {
        values.keySet().forEach(key -> ConfigFile.checkKey(path, name, key, true));
        Map<String, Map<String, String>> more = new LinkedHashMap<>(contexts);
        more.put(name, new TreeMap<>(values));
        return new SecretsFile(path, more, warnings);
    }

    /** Writes the file readable by its owner only, atomically. */
    public void save() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("contexts", contexts);
        try {
            AtomicFile.write(
                    path,
                    ConfigFile.yaml().writeValueAsBytes(root),
                    true); // owner-only: temporary files are created 0600
        } catch (java.io.IOException e) {
            throw new ConfigException(
                    io.somactl.core.files.FileWriteException.of(path, e).getMessage(), e);
        }
    }
}
