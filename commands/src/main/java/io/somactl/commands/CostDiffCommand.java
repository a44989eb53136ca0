package io.somactl.commands;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.config.ConfigException;
import io.somactl.core.pricing.CatalogDiff;
import io.somactl.core.pricing.PricingCatalog;
import io.somactl.core.pricing.PricingCatalogException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "diff",
        description = {
            "What changed between two pricing catalogs: models added or removed, and each price added, removed or",
            "changed per component, tier and period. OLD or NEW may be 'bundled' for the catalog shipped with somactl."
        })
public final class CostDiffCommand extends SomactlCommand {
    @Parameters(index = "0", paramLabel = "OLD", description = "The catalog before (a file, or 'bundled').")
    private String before;

    @Parameters(index = "1", paramLabel = "NEW", description = "The catalog after (a file, or 'bundled').")
    private String after;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        List<CatalogDiff.Change> changes = CatalogDiff.between(load(before), load(after));
        Table table = Table.withColumns(
                "change",
                "kind",
                "tenant",
                "subject",
                "component",
                "above_context_tokens",
                "effective_from",
                "before",
                "after",
                "unit");
        for (CatalogDiff.Change c : changes) {
            table.row(
                    c.change().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    c.kind() == null ? "catalog" : c.kind().name().toLowerCase(Locale.ROOT),
                    c.tenant(),
                    c.subject(),
                    c.component(),
                    c.aboveContextTokens(),
                    c.effectiveFrom() == null ? null : c.effectiveFrom().toString(),
                    c.before(),
                    c.after(),
                    c.unit());
        }
        output.render(table, out());
        return ExitCode.OK;
    }

    private static PricingCatalog load(String what) {
        try {
            return "bundled".equals(what) ? PricingCatalog.loadBundled() : PricingCatalog.load(Path.of(what));
        } catch (PricingCatalogException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
