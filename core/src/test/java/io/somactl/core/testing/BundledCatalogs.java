package io.somactl.core.testing;

import io.somactl.core.pricing.PricingCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Variants of the bundled pricing catalog for tests that need a price to be missing, then fixed. */
public final class BundledCatalogs {
    private BundledCatalogs() {}

    /** The bundled catalog's YAML with one model's entry taken out; fails if the model is still there. */
    public static String withoutModel(String model) {
        String yaml;
        try (InputStream in =
                PricingCatalog.class.getClassLoader().getResourceAsStream(PricingCatalog.BUNDLED_RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.equals("  " + model + ":")) {
                skipping = true;
                continue;
            }
            if (skipping && line.startsWith("    ")) {
                continue;
            }
            skipping = false;
            out.append(line).append('\n');
        }
        String without = out.toString();
        if (without.contains("\n  " + model + ":")) {
            throw new AssertionError("the test catalog should not price " + model);
        }
        return without;
    }

    /**
     * The bundled catalog's YAML with {@code model}'s entry replaced by {@code periods} (YAML lines under
     * the model, indented four spaces) and its version set to {@code version}.
     */
    public static String withModel(String model, String periods, String version) {
        String without = withoutModel(model);
        String replaced = without.replaceFirst(
                "(?m)^models:\n",
                "models:\n  " + model + ":\n"
                        + java.util.regex.Matcher.quoteReplacement(periods.endsWith("\n") ? periods : periods + "\n"));
        String versioned = replaced.replaceFirst("(?m)^version: .*$", "version: \"" + version + "\"");
        if (versioned.equals(replaced) || replaced.equals(without)) {
            throw new AssertionError("the bundled catalog has no version or models line to edit");
        }
        return versioned;
    }
}
