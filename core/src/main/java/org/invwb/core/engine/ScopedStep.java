package org.invwb.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.function.Function;

/**
 * One step of a loop whose memory must stay flat: the step works in its own sub-manager and scope, so
 * every temporary is freed when it ends, and only the arrays it returns outlive it, moved to the
 * loop's manager. Compute thread only.
 */
public final class ScopedStep {

    private ScopedStep() {
    }

    /** Runs {@code body} in a sub-manager of {@code root} and a scope, keeping only the arrays it returns, moved to {@code root}. */
    public static NDArray[] keep(NDManager root, Function<NDManager, NDArray[]> body) {
        try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray[] kept = body.apply(m);
            for (NDArray a : kept) {
                a.attach(root);
                NDScope.unregister(a);
            }
            return kept;
        }
    }
}
