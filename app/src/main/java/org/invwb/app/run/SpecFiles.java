package org.invwb.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;

/** Reading a spec file the way the window and the command line both do. */
public final class SpecFiles {

    private SpecFiles() {
    }

    /** Spec fields that name a file or folder, read beside the spec file when relative. */
    private static final List<String> PATHS = List.of("data.source", "data.testSource", "client.observation");

    /**
     * The spec in {@code file}, with a relative data.source, data.testSource or client.observation taken as a path beside that
     * file (so a project folder can be moved or run from anywhere); bundled sources, absolute paths and empty
     * values are kept as they are.
     */
    public static Spec load(Path file) throws SpecException, IOException {
        Spec spec = Spec.load(file);
        Path folder = file.toAbsolutePath().getParent();
        for (String field : PATHS) {
            String[] parts = field.split("\\.");
            JsonNode value = spec.json().path(parts[0]).path(parts[1]);
            if (value.isTextual() && !value.asText().isBlank() && !value.asText().startsWith("bundled:")
                    && !Path.of(value.asText()).isAbsolute()) {
                spec = spec.withOverride(field, folder.resolve(value.asText()).normalize().toString());
            }
        }
        return spec;
    }
}
