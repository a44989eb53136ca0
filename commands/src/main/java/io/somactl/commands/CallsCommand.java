package io.somactl.commands;

import io.somactl.commands.support.CommandGroup;
import picocli.CommandLine.Command;

@Command(
        name = "calls",
        description = "Per-call summaries of voice calls: latency, tokens, audio, outcome, sentiment and cost.",
        subcommands = {CallsListCommand.class, CallsShowCommand.class})
public final class CallsCommand extends CommandGroup {}
