package io.somactl.commands;

import io.somactl.core.config.ConfigLocation;
import io.somactl.core.config.SecretsFile;
import io.somactl.core.config.SettingKey;
import io.somactl.core.serve.ApiTokens;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** serve.tokens of one context in the secrets file beside the config file, written atomically, mode 600. */
final class ServeTokenStore {
    private final Path path;
    private final String context;

    ServeTokenStore(Path configFile, String context) {
        this.path = ConfigLocation.secretsFileBeside(configFile);
        this.context = context;
    }

    Path path() {
        return path;
    }

    ApiTokens load() {
        return ApiTokens.parse(SecretsFile.load(path).forContext(context).get(SettingKey.SERVE_TOKENS.key()));
    }

    void save(ApiTokens tokens) {
        SecretsFile secrets = SecretsFile.load(path);
        Map<String, String> values = new TreeMap<>(secrets.forContext(context));
        if (tokens.grants().isEmpty()) {
            values.remove(SettingKey.SERVE_TOKENS.key());
        } else {
            values.put(SettingKey.SERVE_TOKENS.key(), tokens.format());
        }
        secrets.withContext(context, values).save();
    }
}
