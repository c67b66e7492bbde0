package org.invwb.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory (Java heap, native libtorch memory and code together), on Linux. */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** Resident bytes from /proc/self/status, or -1 where that file does not exist. */
    public static long bytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return 1024 * Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
