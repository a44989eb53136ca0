package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "export",
        description = "Billing exports that finance can trust: CSV or Parquet with a manifest, and their verification.",
        subcommands = {ExportBillingCommand.class, ExportVerifyCommand.class})
public final class ExportCommand extends CommandGroup {}
