package io.somactl.core.config;

import io.somactl.core.text.Printable;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decides which context applies and what each setting is.
 *
 * <p>The context: {@code --context} flag, then the shell session's context, then
 * {@code SOMACTL_CONTEXT}, then config.yaml's current-context, then the built-in {@value #LOCAL},
 * which is the local stack. Each setting: a flag, then its {@code SOMACTL_*} environment variable,
 * then the context (secrets from secrets.yaml), then the built-in default.
 */
public final class SettingsResolver {
    public static final String LOCAL = "local";
    public static final String CONTEXT_VARIABLE = "SOMACTL_CONTEXT";

    private final ConfigFile config;
    private final SecretsFile secrets;
    private final Map<String, String> environment;

    public SettingsResolver(ConfigFile config, SecretsFile secrets, Map<String, String> environment) {
        this.config = config;
        this.secrets = secrets;
        this.environment = Map.copyOf(environment);
    }

    public Settings resolve(String contextFlag, String sessionContext, Map<SettingKey, String> flags) {
        String context = chooseContext(contextFlag, sessionContext);
        Map<String, String> contextValues = config.contexts().getOrDefault(context, Map.of());
        Map<String, String> secretValues = secrets.forContext(context);
        Map<SettingKey, ResolvedSetting> resolved = new EnumMap<>(SettingKey.class);
        for (SettingKey key : SettingKey.values()) {
            resolved.put(key, resolveOne(key, flags, contextValues, secretValues));
        }
        return new Settings(context, resolved, secrets.warnings());
    }

    private ResolvedSetting resolveOne(
            SettingKey key,
            Map<SettingKey, String> flags,
            Map<String, String> contextValues,
            Map<String, String> secretValues) {
        String flag = flags.get(key);
        if (flag != null) {
            return new ResolvedSetting(key, flag, SettingSource.FLAG);
        }
        String variable = environment.get(key.environmentVariable());
        if (variable != null) {
            return new ResolvedSetting(key, variable, SettingSource.ENVIRONMENT);
        }
        Map<String, String> fromFile = key.isSecret() ? secretValues : contextValues;
        String value = fromFile.get(key.key());
        if (value != null) {
            return new ResolvedSetting(key, value, key.isSecret() ? SettingSource.SECRETS_FILE : SettingSource.CONTEXT);
        }
        return new ResolvedSetting(key, key.defaultValue(), SettingSource.DEFAULT);
    }

    private String chooseContext(String contextFlag, String sessionContext) {
        String chosen =
                firstNonBlank(contextFlag, sessionContext, environment.get(CONTEXT_VARIABLE), config.currentContext());
        if (chosen == null) {
            return LOCAL;
        }
        if (!config.hasContext(chosen) && !LOCAL.equals(chosen)) {
            throw new ConfigException("no context named " + Printable.quote(chosen) + " in " + config.path()
                    + (config.contexts().isEmpty()
                            ? ""
                            : " (known: " + String.join(", ", config.contexts().keySet()) + ")")
                    + "; create it with: somactl config set-context "
                    + (chosen.matches("[A-Za-z0-9._-]{1,64}") ? chosen : "NAME") + " --set KEY=VALUE");
        }
        return chosen;
    }

    private static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
