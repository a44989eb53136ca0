package io.somactl.cli;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.Invocation;
import io.somactl.commands.support.Terminals;
import io.somactl.core.clickhouse.SharedHttpClients;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** somactl's entry point. Only {@link #main} exits the JVM; everything else calls {@link #run}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Netty (under Lettuce) probes sun.misc.Unsafe, which Java 24+ warns about on stderr.
        System.setProperty("io.netty.noUnsafe", System.getProperty("io.netty.noUnsafe", "true"));
        // Straight to the file descriptor, not through System.out (a PrintStream that swallows write errors), so
        // a command can tell that standard output failed (> /dev/full, a closed pipe) and not report success.
        PrintWriter out = new PrintWriter(
                new java.io.OutputStreamWriter(
                        new java.io.FileOutputStream(java.io.FileDescriptor.out), StandardCharsets.UTF_8),
                true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        String[] effective = args.length == 0 && Terminals.interactive() ? new String[] {"shell"} : args;
        int code = run(out, err, System.getenv(), effective);
        SharedHttpClients.closeAll();
        io.somactl.core.ingest.IngestTrace.mark("exiting");
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; embeddable and testable. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what picocli's version help prints, without building any command model (half of the process's CPU)
            try {
                for (String line : new VersionProvider().getVersion()) {
                    out.println(line);
                }
            } catch (java.io.IOException e) {
                err.println("cannot read somactl's version: " + e.getMessage());
                err.flush();
                return ExitCode.FAILURE;
            }
            out.flush();
            return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
        }
        SomactlRoot root = new SomactlRoot(new Invocation(environment));
        int code = CommandTree.forArguments(root, out, err, args).execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
