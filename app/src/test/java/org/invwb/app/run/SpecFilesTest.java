package org.invwb.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFilesTest {

    @TempDir
    Path dir;

    @Test
    void relativePathsAreReadBesideTheSpecFileAndOtherValuesKept() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path file = Files.writeString(project.resolve("spec.json"), "{\"method\": \"train-classifier\","
                + " \"data\": {\"source\": \"images/train\", \"testSource\": \"bundled:mnist-test\"},"
                + " \"model\": {\"weights\": \"../runs/first\"}}");
        Spec spec = SpecFiles.load(file);
        assertEquals(project.resolve("images/train").toAbsolutePath().toString(), spec.json().at("/data/source").asText());
        assertEquals("bundled:mnist-test", spec.json().at("/data/testSource").asText());
        assertEquals(dir.resolve("runs/first").toAbsolutePath().toString(), spec.json().at("/model/weights").asText());

        Path plain = Files.writeString(project.resolve("plain.json"), "{\"method\": \"dlg\", \"model\": {\"weights\": \"\"}}");
        assertEquals("", SpecFiles.load(plain).json().at("/model/weights").asText());
        assertFalse(SpecFiles.load(plain).json().at("/data").isObject(), "no section is added");
    }

    @Test
    void anObservationFolderAndATestSourceAreReadBesideTheSpecFile() throws Exception {
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
