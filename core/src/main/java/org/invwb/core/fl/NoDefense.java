package org.invwb.core.fl;

import org.invwb.core.nn.StateDict;

/** The undefended client: the server receives the update as computed. */
public final class NoDefense implements UpdateDefense {

    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StateDict apply(StateDict update) {
        return update;
    }
}
