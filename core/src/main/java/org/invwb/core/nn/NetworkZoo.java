package org.invwb.core.nn;

import java.util.List;

/** Builds the networks the workbench knows by name. */
public final class NetworkZoo {

    public static final List<String> NAMES = List.of(DlgLeNet.NAME);

    private NetworkZoo() {
    }

    public static Network create(String name, int channels, int imageSize, int numClasses) {
        if (DlgLeNet.NAME.equals(name)) {
            return new DlgLeNet(channels, imageSize, imageSize, numClasses);
        }
        throw new IllegalArgumentException("unknown network \"" + name + "\"; known: " + String.join(", ", NAMES));
    }
}
