package org.invwb.core.attack.diffusion;

/** Specs of the diffusion tests. */
final class InversionSpecs {

    private InversionSpecs() {
    }

    /** The spec of {@code method} on bundled MNIST test image {@code index} with {@code parameters} (JSON members). */
    static String spec(String method, int index, String parameters) {
        return "{\"method\": \"" + method + "\", \"data\": {\"index\": " + index + "}, \"parameters\": {"
                + parameters + "}}";
    }
}
