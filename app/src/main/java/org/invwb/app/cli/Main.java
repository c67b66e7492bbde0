package org.invwb.app.cli;

/** Entry point of the {@code invwb} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(InvwbCommand.commandLine().execute(args));
    }
}
