package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationFileTest {

    @TempDir
    Path dir;

    private static StoredObservation stored() {
        Network net = NetworkZoo.create("convnet", 1, 16, 10, 4);
        StateDict global = net.initialise(3);
        // any numbers of the update's layout will do; these differ from the global weights
        Map<String, HostTensor> update = new LinkedHashMap<>();
        for (String name : net.trainableNames()) {
            HostTensor w = global.get(name);
            float[] v = new float[w.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.sin(i + name.length()) * 1e-3f;
            }
            update.put(name, new HostTensor(w.shape(), v));
        }
        Observation o = new Observation(net, global, new StateDict(update), UpdateKind.WEIGHT_DIFFERENCE, 7, true,
                3, 0.0625, 5);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("epsilon", 12.345678901234);
        report.put("delta", 1e-5);
        return new StoredObservation(o, "convnet", 4, "dp-sgd", report, false, 2, 3);
    }

    private static ImageBatch truth() throws Exception {
        return BundledData.load("fashion-mnist-test").subset(new int[] {4, 9, 1}).resized(16, 16);
    }

    @Test
    void saveThenLoadGivesBackExactlyWhatWasStored() throws Exception {
        StoredObservation s = stored();
        ImageBatch truth = truth();
        ObservationFile.save(dir, s, truth);
        StoredObservation back = ObservationFile.load(dir);
        Observation o = s.observation();
        Observation b = back.observation();
        assertEquals(o.network().name(), b.network().name());
        assertEquals(o.network().parameterShapes(), b.network().parameterShapes());
        assertSame(o.globalModel(), b.globalModel());
        assertSame(o.update(), b.update());
        assertEquals(List.of(o.kind(), o.batchSize(), o.trainMode(), o.localSteps(), o.learningRate(), o.localBatchSize()),
                List.of(b.kind(), b.batchSize(), b.trainMode(), b.localSteps(), b.learningRate(), b.localBatchSize()));
        assertEquals(List.of(s.architecture(), s.width(), s.defense(), s.defenseReport(), s.secureAggregation(),
                s.client(), s.round()), List.of(back.architecture(), back.width(), back.defense(), back.defenseReport(),
                back.secureAggregation(), back.client(), back.round()));
        ImageBatch t = ObservationFile.loadTruth(dir, 10);
        assertArrayEquals(truth.pixels(), t.pixels());
        assertArrayEquals(truth.labels(), t.labels());
        assertEquals(List.of(3, 1, 16, 16), List.of(t.count(), t.channels(), t.height(), t.width()));
    }

    @Test
    void aTruncatedTensorFileIsNamed() throws Exception {
        ObservationFile.save(dir, stored(), truth());
        Path tensors = dir.resolve(ObservationFile.TENSORS);
        byte[] bytes = Files.readAllBytes(tensors);
        Files.write(tensors, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> ObservationFile.load(dir));
        assertTrue(e.getMessage().contains(tensors.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void brokenOrIncompleteMetadataIsNamed() throws Exception {
        ObservationFile.save(dir, stored(), truth());
        Path meta = dir.resolve(ObservationFile.METADATA);
        String json = Files.readString(meta);
        Files.writeString(meta, json.substring(0, json.length() / 2));
        IOException broken = assertThrows(IOException.class, () -> ObservationFile.load(dir));
        assertTrue(broken.getMessage().startsWith(meta + ": not valid JSON"), broken.getMessage());
        Files.writeString(meta, json.replace("\"batchSize\"", "\"batchSizes\""));
        IOException missing = assertThrows(IOException.class, () -> ObservationFile.load(dir));
        assertEquals(meta + ": field \"batchSize\" missing", missing.getMessage());
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        ObservationFile.save(dir, stored(), truth());
        Files.delete(dir.resolve(ObservationFile.TENSORS));
        IOException e = assertThrows(IOException.class, () -> ObservationFile.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(ObservationFile.TENSORS) + ": missing"), e.getMessage());
    }

    private static void assertSame(StateDict expected, StateDict actual) {
        assertEquals(List.copyOf(expected.tensors().keySet()), List.copyOf(actual.tensors().keySet()));
        expected.tensors().forEach((name, t) -> {
            assertArrayEquals(t.shape(), actual.get(name).shape(), name);
            assertArrayEquals(t.data(), actual.get(name).data(), name);
        });
    }
}
