package org.invwb.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs {@code invwb} in-process, as Main would, with stdout and stderr captured. */
final class Cli {

    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = InvwbCommand.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The project's shared folder, which surefire names in the system property invwb.shared. */
    static Path shared() {
        String shared = System.getProperty("invwb.shared");
        if (shared == null) {
            throw new IllegalStateException("system property invwb.shared is not set (run the tests with Maven)");
        }
        return Path.of(shared);
    }
}
