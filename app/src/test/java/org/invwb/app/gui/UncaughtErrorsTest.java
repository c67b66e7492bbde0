package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class UncaughtErrorsTest {

    @Test
    void theMessageNamesTheErrorAndItsRootCauseWithoutATrace() {
        Exception e = new IllegalStateException("repaint failed\n\tat some.Frame(Frame.java:1)",
                new UncheckedIOException(new IOException("disk full")));
        String text = UncaughtErrors.message(e);
        assertEquals("IllegalStateException: repaint failed\n(cause: IOException: disk full)", text);
        assertFalse(text.contains("\tat "));
    }

    @Test
    void anErrorWithoutMessageIsNamedByItsKind() {
        assertEquals("NullPointerException", UncaughtErrors.message(new NullPointerException()));
    }
}
