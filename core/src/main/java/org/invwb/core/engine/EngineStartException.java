package org.invwb.core.engine;

/** The compute engine cannot start for a reason the user can fix (e.g. an unwritable cache folder). */
public final class EngineStartException extends IllegalStateException {

    public EngineStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
