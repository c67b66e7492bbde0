package org.invwb.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.invwb.core.engine.EngineStartException;
import org.invwb.core.run.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns what goes wrong into a message and an exit code. Bad input (arguments, spec, data, files)
 * gets one clear message and exit code 2, never a stack trace; anything else is a bug and keeps its trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("invwb: " + e.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) throws Exception {
        String message = badInputMessage(e);
        if (message == null) {
            throw e; // a bug: picocli prints the stack trace and exits with 1
        }
        cmd.getErr().println("invwb: " + message);
        cmd.getErr().flush();
        return ExitCode.BAD_INPUT;
    }

    /** The message to show for a bad-input exception, or null when {@code e} is not one. */
    static String badInputMessage(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof SpecException || e instanceof IOException || e instanceof BadInputException
                || e instanceof EngineStartException) {
            return e.getMessage();
        }
        return null;
    }
}
