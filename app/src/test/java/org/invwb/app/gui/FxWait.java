package org.invwb.app.gui;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/** Reading the window's state on the FX thread, and waiting for it, in the window tests. */
final class FxWait {

    private FxWait() {
    }

    static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(10, TimeUnit.SECONDS);
    }

    static void waitFor(int seconds, String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> onFx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out after " + seconds + " s waiting for " + what, e);
        }
    }
}
