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

    /** The fields that name a file or folder; a relative one is read beside the spec file. */
    private static final List<String> PATH_FIELDS = List.of("data.source", "data.testSource", "model.weights",
            "client.observation");

    /**
     * The spec in {@code file}, with a relative path in any of {@link #PATH_FIELDS} taken as a path beside that
     * file (so a project folder can be moved or run from anywhere); bundled names, empty values and absolute
     * paths are kept as they are.
     */
    public static Spec load(Path file) throws SpecException, IOException {
        Spec spec = Spec.load(file);
        Path folder = file.toAbsolutePath().getParent();
        for (String field : PATH_FIELDS) {
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
