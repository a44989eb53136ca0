package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import io.somactl.commands.support.OutputFormat;
import java.math.BigDecimal;
import picocli.CommandLine.Command;

@Command(name = "cost", description = "Prices: list the pricing catalog, estimate what a workload costs, import and compare catalogs.",
        subcommands = {CostShowCommand.class, CostEstimateCommand.class, CostImportCommand.class, CostDiffCommand.class})
public final class CostCommand extends CommandGroup {

    /**
     * A decimal as a cost command shows it: in a table and CSV exactly as it is ({@code 2.10},
     * {@code 0.00}); in JSON and YAML the same value without trailing zeros and never in exponent
     * notation (their tree model would otherwise print 300 as {@code 3E+2}).
     */
    static Object decimal(BigDecimal value, OutputFormat format) {
        if (value == null || format == OutputFormat.table || format == OutputFormat.csv) {
            return value;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toBigIntegerExact() : stripped;
    }
}
