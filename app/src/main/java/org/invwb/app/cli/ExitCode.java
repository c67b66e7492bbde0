package org.invwb.app.cli;

/** The exit codes of every command, so scripts can tell a failed run from a mistyped one. */
final class ExitCode {

    static final int DONE = 0;
    static final int FAILED = 1;
    /** A spec, data file or argument that cannot be used; stderr says which and why. */
    static final int BAD_INPUT = 2;
    /** 128 + SIGINT, what shells report for a process stopped by Ctrl-C. */
    static final int CANCELLED = 130;

    private ExitCode() {
    }
}
