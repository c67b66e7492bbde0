package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    private static final String IDLG = "{\"method\": \"idlg\", \"seed\": 0, \"data\": {\"source\": \"bundled:photos\"}}";

    @TempDir
    Path dir;

    private Path spec(String json) throws Exception {
        return Files.writeString(dir.resolve("spec.json"), json);
    }

    private static void assertBadInput(Cli.Result r, String mustName) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(mustName), "stderr should name " + mustName + ":\n" + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
    }

    @Test
    void runsIdlgIntoACompleteRunFolder() throws Exception {
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("run", spec(IDLG).toString(), "--out", out.toString(),
                "--iterations", "3", "--snapshot-every", "1");
        assertEquals(0, r.exitCode(), r.out() + r.err());

        for (String file : List.of("spec.json", "events.jsonl", "report.json", "final.png")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file + " missing");
        }
        try (Stream<Path> snapshots = Files.list(out.resolve("snapshots"))) {
            assertEquals(List.of("000001.png", "000002.png", "000003.png"),
                    snapshots.map(p -> p.getFileName().toString()).sorted().toList());
        }
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("done", report.get("status").asText());
        assertEquals(3, report.get("iterations").asInt());
        assertEquals(3, report.at("/parameters/parameters/iterations").asInt());
        assertEquals(1.0, report.at("/parameters/parameters/lr").asDouble());
        assertTrue(report.at("/metrics/psnr").isNumber(), report.toString());
        assertTrue(report.at("/metrics/ssim").isNumber(), report.toString());

        // The summary and the last progress line reach stdout.
        assertTrue(r.out().contains("3/300") || r.out().contains(" 3/3"), r.out());
        assertTrue(r.out().matches("(?s).*status\\s+done.*"), r.out());
        assertTrue(r.out().contains(out.toAbsolutePath().toString()), r.out());
    }

    /** A method with restarts plans them all: the bar ends full at 3 restarts × 2 iterations, never past it. */
    @Test
    void theProgressBarCountsEveryRestart() throws Exception {
        Cli.Result r = Cli.run("run", spec("{\"method\": \"latent-optimization\", \"seed\": 0, \"gan\":"
                + " {\"generatorWidth\": 16, \"discriminatorWidth\": 16}, \"parameters\": {\"iterations\": 2,"
                + " \"restarts\": 3}}").toString(), "--out", dir.resolve("run").toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("[####################]  6/6"), r.out());
        assertFalse(r.out().contains("iteration "), r.out());
    }

    @Test
    void unknownFieldInTheSpecIsNamed() throws Exception {
        Path spec = spec("{\"method\": \"idlg\", \"parameters\": {\"iterations\": 3, \"learningRate\": 0.1}}");
        Cli.Result r = Cli.run("run", spec.toString(), "--out", dir.resolve("run").toString());
        assertBadInput(r, "parameters.learningRate");
        assertFalse(Files.exists(dir.resolve("run")), "no run folder for a spec that does not resolve");
    }

    @Test
    void nonNumericLearningRateIsBadInput() throws Exception {
        Cli.Result r = Cli.run("run", spec(IDLG).toString(), "--out", dir.resolve("run").toString(),
                "--set", "parameters.lr=abc");
        assertBadInput(r, "parameters.lr");
    }

    @Test
    void setWithoutEqualsSignIsBadInput() throws Exception {
        Cli.Result r = Cli.run("run", spec(IDLG).toString(), "--out", dir.resolve("run").toString(),
                "--set", "parameters.lr");
        assertBadInput(r, "name=value");
    }

    @Test
    void missingSpecFileIsBadInput() {
        Path missing = dir.resolve("absent.json");
        Cli.Result r = Cli.run("run", missing.toString(), "--out", dir.resolve("run").toString());
        assertBadInput(r, missing.toString());
    }

    @Test
    void nonEmptyRunFolderIsRefused() throws Exception {
        Path out = Files.createDirectories(dir.resolve("earlier-run"));
        Files.writeString(out.resolve("report.json"), "{}");
        Cli.Result r = Cli.run("run", spec(IDLG).toString(), "--out", out.toString(), "--iterations", "1");
        assertBadInput(r, "not empty");
        assertEquals("{}", Files.readString(out.resolve("report.json")), "the earlier run is untouched");
    }

    @Test
    void missingImagesAreBadInputEvenWhenFoundDuringTheRun() throws Exception {
        Path images = dir.resolve("no-such-images");
        Cli.Result r = Cli.run("run", spec(IDLG).toString(), "--out", dir.resolve("run").toString(),
                "--images", images.toString(), "--iterations", "1");
        assertBadInput(r, images.toString());
    }

    @Test
    void unavailableDeviceIsBadInput() throws Exception {
        Cli.Result r = Cli.run("run", spec(IDLG).toString(), "--out", dir.resolve("run").toString(),
                "--device", "tpu");
        assertBadInput(r, "--device");
    }

    @Test
    void aRelativeImageSourceInASpecFileIsReadBesideThatFile() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        org.invwb.core.data.FloatImage grey = new org.invwb.core.data.FloatImage(1, 20, 20, new float[400]);
        org.invwb.core.data.PngCodec.write(grey, project.resolve("client.png"));
        Path spec = Files.writeString(project.resolve("spec.json"),
                "{\"method\": \"idlg\", \"data\": {\"source\": \"client.png\"}}");
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("run", spec.toString(), "--out", out.toString(), "--iterations", "1");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        JsonNode saved = new ObjectMapper().readTree(out.resolve("spec.json").toFile());
        assertEquals(project.resolve("client.png").toString(), saved.at("/data/source").asText());
    }
}
