package org.invwb.app.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;

/** Reading a spec file the way the window and the command line both do. */
public final class SpecFiles {

    private SpecFiles() {
    }

    /**
     * The spec in {@code file}, with a relative data.source taken as a path beside that file (so a project
     * folder can be moved or run from anywhere); bundled sources and absolute paths are kept as they are.
     */
    public static Spec load(Path file) throws SpecException, IOException {
        Spec spec = Spec.load(file);
        JsonNode source = spec.json().path("data").path("source");
        if (!source.isTextual() || source.asText().startsWith("bundled:") || Path.of(source.asText()).isAbsolute()) {
            return spec;
        }
        Path folder = file.toAbsolutePath().getParent();
        return spec.withOverride("data.source", folder.resolve(source.asText()).normalize().toString());
    }
}
