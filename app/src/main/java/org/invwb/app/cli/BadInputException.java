package org.invwb.app.cli;

/** Something the user gave that cannot be used; its message alone says what to fix (exit code 2). */
final class BadInputException extends Exception {

    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
