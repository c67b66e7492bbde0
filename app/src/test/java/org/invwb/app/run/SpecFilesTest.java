package org.invwb.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFilesTest {

    @TempDir
    Path dir;

    @Test
    void relativePathsAreReadBesideTheSpecFileAndOthersKept() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path file = Files.writeString(project.resolve("attack.json"), "{\"method\": \"dlg\","
                + " \"data\": {\"source\": \"bundled:photos\"}, \"client\": {\"observation\": \"../rounds/r1\"}}");
        Spec spec = SpecFiles.load(file);
        assertEquals(dir.resolve("rounds").resolve("r1").toAbsolutePath().toString(),
                spec.json().at("/client/observation").asText());
        assertEquals("bundled:photos", spec.json().at("/data/source").asText());

        Path round = Files.writeString(project.resolve("round.json"), "{\"method\": \"federated-round\","
                + " \"data\": {\"testSource\": \"test-images\"}}");
        assertEquals(project.resolve("test-images").toAbsolutePath().toString(),
                SpecFiles.load(round).json().at("/data/testSource").asText());
    }
}
