package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the command against scikit-image's values in shared/reference/metrics/expected.json. */
class MetricsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = Cli.shared().resolve("reference/metrics");

    @Test
    void reproducesTheReferenceValues() throws Exception {
        JsonNode expected = null;
        for (JsonNode c : JSON.readTree(DIR.resolve("expected.json").toFile()).get("cases")) {
            if (c.get("reference").asText().equals("camera_ref.png")) {
                expected = c;
            }
        }
        Cli.Result r = Cli.run("metrics", DIR.resolve("camera_ref.png").toString(),
                DIR.resolve("camera_test.png").toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode got = JSON.readTree(r.out());
        assertEquals(3, got.size(), r.out());
        assertEquals(expected.get("mse").asDouble(), got.get("mse").asDouble(), 1e-6);
        assertEquals(expected.get("psnr").asDouble(), got.get("psnr").asDouble(), 1e-3);
        assertEquals(expected.get("ssim").asDouble(), got.get("ssim").asDouble(), 1e-4);
    }

    @Test
    void missingFileIsBadInputNamingIt() {
        Path missing = DIR.resolve("no_such_image.png");
        Cli.Result r = Cli.run("metrics", DIR.resolve("camera_ref.png").toString(), missing.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(missing.toString()), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void imagesOfDifferentShapesAreBadInput() {
        Cli.Result r = Cli.run("metrics", DIR.resolve("camera_ref.png").toString(),
                DIR.resolve("coffee_test.png").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("differ in shape"), r.err());
    }

    @Test
    void unreadableImageIsBadInput(@TempDir Path dir) throws Exception {
        Path notImage = Files.writeString(dir.resolve("notes.png"), "not a picture");
        Cli.Result r = Cli.run("metrics", notImage.toString(), notImage.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(notImage.toString()), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
