package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.fl.ObservationFile;
import org.invwb.core.fl.StoredObservation;
import org.invwb.core.fl.UpdateKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundCommandTest {

    private static final String ROUND = "{\"method\": \"federated-round\", \"seed\": 1,"
            + " \"data\": {\"trainImages\": 120, \"testImages\": 100},"
            + " \"model\": {\"architecture\": \"mlp\", \"numClasses\": 10, \"imageSize\": 28, \"channels\": 1, \"width\": 16},"
            + " \"federation\": {\"clients\": 4, \"rounds\": 2, \"clientFraction\": 0.5, \"protocol\": \"fedsgd\","
            + " \"localBatchSize\": 3, \"victimClient\": 1, \"victimRound\": 2}}";

    @TempDir
    Path dir;

    @Test
    void aTinyRoundLeavesTheVictimsObservationInTheRunFolder() throws Exception {
        Path spec = Files.writeString(dir.resolve("round.json"), ROUND);
        Path out = dir.resolve("run");
        Cli.Result r = Cli.run("round", spec.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("observation: " + out.resolve("observation.json")), r.out());

        StoredObservation stored = ObservationFile.load(out);
        assertEquals(UpdateKind.GRADIENT, stored.observation().kind());
        assertEquals(3, stored.observation().batchSize());
        assertEquals(1, stored.client());
        assertEquals(2, stored.round());
        ImageBatch truth = ObservationFile.loadTruth(out, 10);
        assertEquals(3, truth.count());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("done", report.get("status").asText());
        assertEquals(2, report.at("/metrics/accuracyPerRound").size());
    }

    @Test
    void anAttackSpecIsSentToRun() throws Exception {
        Path spec = Files.writeString(dir.resolve("idlg.json"), "{\"method\": \"idlg\"}");
        Cli.Result r = Cli.run("round", spec.toString(), "--out", dir.resolve("run").toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("idlg is a method of the gradient family; invwb round runs only federated methods"), r.err());
    }
}
