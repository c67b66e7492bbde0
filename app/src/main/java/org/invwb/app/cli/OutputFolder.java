package org.invwb.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The folder a command that runs many runs writes into: its own run folders and its tables. */
final class OutputFolder {

    private OutputFolder() {
    }

    /** Refuses a folder that holds anything, so that no earlier results get mixed in. */
    static void requireEmpty(Path out, String what) throws IOException, BadInputException {
        if (Files.isDirectory(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new BadInputException(out + ": the " + what + " folder exists and is not empty");
                }
            }
        }
    }

    /** Writes {@code text} as {@code out/name} in one step: a reader never sees half a table. */
    static void write(Path out, String name, String text) throws IOException {
        Files.createDirectories(out);
        Path tmp = Files.createTempFile(out, "." + name + "-", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, out.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
