package io.somactl.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One somactl run in-process: its exit code and what it printed. */
record Run(int exitCode, String out, String err) {
    static Run of(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), environment, args);
        return new Run(code, out.toString(), err.toString());
    }

    String describe() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
