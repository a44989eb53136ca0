package io.somactl.commands;

import io.somactl.commands.support.Cell;
import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.OutputOptions;
import io.somactl.commands.support.PricingOptions;
import io.somactl.commands.support.SomactlCommand;
import io.somactl.commands.support.Table;
import io.somactl.core.pricing.PriceRow;
import io.somactl.core.pricing.PricingCatalog;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "show",
        description = {
            "List the pricing catalog: every price with the period it starts, exactly as in the catalog.",
            "ABOVE_CONTEXT_TOKENS is the long-context tier a price applies above (0: the base price)."
        })
public final class CostShowCommand extends SomactlCommand {
    @Mixin
    private PricingOptions pricing;

    @Mixin
    private OutputOptions output;

    @Option(
            names = "--at",
            paramLabel = "TIME",
            description =
                    "Only the entries in effect at this time (2023-11-17T00:00:00Z, or a date: its start in UTC).")
    private String at;

    @Override
    public Integer call() {
        PricingCatalog catalog = pricing.catalog();
        List<PriceRow> rows =
                at == null ? catalog.rows() : catalog.rowsEffectiveAt(PricingOptions.instant(spec, "--at", at));
        Table table = Table.withColumns(
                "kind", "tenant", "subject", "component", "above_context_tokens", "effective_from", "price", "unit");
        rows.forEach(r -> table.row(
                r.kind().name().toLowerCase(Locale.ROOT),
                r.tenant(),
                r.subject(),
                r.component(),
                r.aboveContextTokens(),
                r.effectiveFrom().toString(),
                Cell.decimal(r.price()),
                r.unit()));
        output.render(table, out());
        return ExitCode.OK;
    }
}
