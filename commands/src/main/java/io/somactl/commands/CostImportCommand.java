package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.core.config.ConfigException;
import io.somactl.core.files.AtomicFile;
import io.somactl.core.pricing.CatalogWriter;
import io.somactl.core.pricing.LiteLlmImport;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.PricingCatalogException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        description = {
            "Write catalog periods from LiteLLM's model price map (model_prices_and_context_window.json).",
            "Per-token prices become exact per-1M prices; cache read/creation, reasoning and *_above_*_tokens tiers are",
            "read; other price fields are reported on stderr, not guessed. The result loads as a catalog (docs/pricing.md)."
        })
public final class CostImportCommand extends SomactlCommand {
    @Option(names = "--from", required = true, paramLabel = "FORMAT", description = "The price map's format: litellm.")
    private String from;

    @Parameters(paramLabel = "FILE", description = "The price map (JSON).")
    private Path file;

    @Option(
            names = "--effective-from",
            required = true,
            paramLabel = "TIME",
            description = "When the imported prices take effect (2026-12-02T00:00:00Z, or a date: its start in UTC).")
    private String effectiveFrom;

    @Option(
            names = "--model",
            paramLabel = "KEY[=ID]",
            description =
                    "Import only this model (repeatable); =ID names it in the catalog as producers report it,"
                            + " e.g. groq/llama-3.3-70b-versatile=llama-3.3-70b-versatile. Default: every model with per-token prices.")
    private List<String> models = new ArrayList<>();

    @Option(
            names = "--catalog-version",
            paramLabel = "VERSION",
            description = "The written catalog's version (default: litellm-<effective date>).")
    private String version;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the catalog here (atomically) instead of stdout.")
    private Path out;

    @Option(
            names = "--base",
            paramLabel = "CATALOG",
            description =
                    "Merge the imported periods into this catalog (a file, or 'bundled') and write the whole result:"
                            + " a period at an instant the catalog already has for the model replaces it, others are added"
                            + " beside the old ones. Comments are not kept.")
    private String base;

    private PricingCatalog loadBase() {
        try {
            return "bundled".equals(base) ? PricingCatalog.loadBundled() : PricingCatalog.load(Path.of(base));
        } catch (PricingCatalogException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        if (!"litellm".equals(from)) {
            throw new ConfigException("--from " + from + ": the only supported format is litellm");
        }
        Instant when = PricingOptions.instant(spec, "--effective-from", effectiveFrom);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        LiteLlmImport.Result result;
        try {
            result = LiteLlmImport.run(
                    text,
                    file.toString(),
                    when,
                    models.stream().map(LiteLlmImport.Selection::parse).toList(),
                    version != null ? version : "litellm-" + when.toString().substring(0, 10));
        } catch (PricingCatalogException e) {
            err().println("error: " + e.getMessage());
            return ExitCode.INVALID_DATA;
        }
        result.notes().forEach(note -> err().println("note: " + note));
        String yaml = result.yaml();
        PricingCatalog written = result.catalog();
        if (base != null) {
            PricingCatalog into = loadBase();
            CatalogWriter.Merged merged;
            try {
                merged = CatalogWriter.merge(
                        into,
                        result.catalog(),
                        version != null
                                ? version
                                : into.version() + "+litellm-" + when.toString().substring(0, 10));
            } catch (PricingCatalogException e) {
                err().println("error: the merged catalog is invalid: " + e.getMessage());
                return ExitCode.INVALID_DATA;
            }
            merged.notes().forEach(note -> err().println("merge: " + note));
            yaml = merged.yaml();
            written = merged.catalog();
        }
        if (out == null) {
            out().print(yaml);
            out().flush();
        } else {
            try {
                AtomicFile.write(out, yaml.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ConfigException(out + ": cannot write: " + e.getMessage(), e);
            }
        }
        err().println("imported " + result.catalog().models().size() + " models (catalog version " + written.version()
                + ")" + (out == null ? "" : " into " + out));
        err().flush();
        return ExitCode.OK;
    }
}
