package io.somactl.cli;

import io.somactl.commands.support.ExitCode;
import io.somactl.commands.support.VerbosityOptions;
import io.somactl.core.ServerUnreachableException;
import io.somactl.core.SomactlException;
import io.somactl.core.config.ConfigException;
import io.somactl.core.text.Printable;
import io.somactl.core.text.Redaction;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place failures become output and exit codes: a single line that says what went wrong
 * and what to do; the cause chain and stack trace only with --verbose. Every message goes out
 * without passwords in addresses ({@link Redaction}) and without control or bidi characters
 * ({@link Printable#message}), whatever the code that threw it put in.
 */
final class FailureHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean verbose = parseResult.expandedArgs().contains(VerbosityOptions.FLAG)
                || parseResult.expandedArgs().contains("-v");
        int code = exitCode(failure);
        err.println("error: " + printable(message(failure)));
        if (verbose) {
            java.io.StringWriter trace = new java.io.StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(line -> err.println(printable(line)));
        } else if (code == ExitCode.FAILURE && !(failure instanceof SomactlException)) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable failure) {
        if (failure instanceof ServerUnreachableException) {
            return ExitCode.UNAVAILABLE;
        }
        if (failure instanceof ConfigException || failure instanceof IllegalArgumentException) {
            return ExitCode.USAGE;
        }
        if (interrupted(failure)) {
            return ExitCode.INTERRUPTED;
        }
        return ExitCode.FAILURE;
    }

    /** Every error line: no password of an address, no control or bidi character, not endless. */
    static String printable(String message) {
        return Printable.message(Redaction.redact(message));
    }

    /** Ctrl-C in the shell interrupts the command's thread; whatever the waiting code turned that into, it is that. */
    private static boolean interrupted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException
                    || cause instanceof io.lettuce.core.RedisCommandInterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private static String message(Throwable failure) {
        if (interrupted(failure)) {
            return "interrupted";
        }
        if (failure instanceof ServerUnreachableException unreachable) {
            return unreachable.advice();
        }
        if (failure instanceof SomactlException || failure instanceof IllegalArgumentException) {
            return failure.getMessage();
        }
        String text = failure.getMessage();
        return failure.getClass().getSimpleName() + (text == null ? "" : ": " + text);
    }
}
