package io.somactl.cli;

import io.somactl.commands.support.ExitCode;
import io.somactl.core.text.Printable;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * A mistyped command line: the reason, a suggestion when picocli has one, and where help is. A value
 * that does not convert is said in plain words ({@code --limit: 'abc' is not a number}), never with
 * Java class names; the message goes out like every error (no passwords, no control characters).
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("error: " + FailureHandler.printable(message(problem)));
        CommandLine.UnmatchedArgumentException.printSuggestions(problem, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCode.USAGE;
    }

    static String message(ParameterException problem) {
        ArgSpec arg = problem.getArgSpec();
        Throwable cause = problem.getCause();
        if (arg == null
                || problem.getValue() == null
                || cause == null
                || cause instanceof TypeConversionException && arg.converters().length > 0) {
            return problem.getMessage(); // no conversion, or our own converter's words
        }
        // picocli's built-in converter threw (NumberFormatException, "'x' is not an int", InvalidPathException, …)
        String expected = expected(arg);
        return expected == null
                ? problem.getMessage() // e.g. an enum: picocli lists the choices
                : name(arg) + ": " + Printable.quote(problem.getValue()) + " is not " + expected;
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    /** What the value should have been, in words; null when picocli's own message says it better. */
    private static String expected(ArgSpec arg) {
        Class<?> type = arg.type();
        if ((arg.isMultiValue() || type.isArray()) && arg.auxiliaryTypes().length > 0) {
            type = arg.auxiliaryTypes()[arg.auxiliaryTypes().length - 1];
        }
        if (type == BigDecimal.class
                || type == double.class
                || type == Double.class
                || type == float.class
                || type == Float.class) {
            return "a number";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number (at most " + Integer.MAX_VALUE + ")";
        }
        if (type == long.class || type == Long.class) {
            return "a whole number (at most " + Long.MAX_VALUE + ")";
        }
        if (type == short.class
                || type == Short.class
                || type == BigInteger.class
                || type == byte.class
                || type == Byte.class) {
            return "a whole number";
        }
        if (type == Duration.class) {
            return "a duration (e.g. PT10S)";
        }
        if (type == Path.class || type == java.io.File.class) {
            return "a path";
        }
        return null;
    }
}
