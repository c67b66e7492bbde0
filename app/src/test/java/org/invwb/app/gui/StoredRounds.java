package org.invwb.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.fl.Observation;
import org.invwb.core.fl.ObservationFile;
import org.invwb.core.fl.StoredObservation;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;

/** Observation folders as a federated round stores them, written with {@link ObservationFile#save}. */
final class StoredRounds {

    private StoredRounds() {
    }

    /** The model of every stored round here: a 5-unit MLP on 4×4 grey images, 3 classes. */
    static Network network() {
        return NetworkZoo.create("mlp", 1, 4, 3, 5);
    }

    /**
     * Writes {@code folder}: entry j of every update tensor = j + 1, the global model zero, {@code examples}
     * black images but pixel (0, 0, 0) of the first = 0.75, labels 0 but the last = 2, dp-sgd reporting ε 2.5;
     * and {@code report} as report.json unless null.
     */
    static Path write(Path folder, UpdateKind kind, int examples, String report) throws Exception {
        Network net = network();
        Map<String, HostTensor> global = new LinkedHashMap<>();
        Map<String, HostTensor> update = new LinkedHashMap<>();
        net.parameterShapes().forEach((name, shape) -> {
            float[] zeros = new float[(int) shape.size()];
            float[] ramp = new float[zeros.length];
            for (int j = 0; j < ramp.length; j++) {
                ramp[j] = j + 1;
            }
            global.put(name, new HostTensor(shape.getShape(), zeros));
            update.put(name, new HostTensor(shape.getShape(), ramp));
        });
        boolean sgd = kind == UpdateKind.GRADIENT;
        Observation o = new Observation(net, new StateDict(global), new StateDict(update), kind, examples, false,
                sgd ? 1 : 3, sgd ? 0 : 0.1, examples);
        float[] pixels = new float[examples * 16];
        pixels[0] = 0.75f;
        int[] labels = new int[examples];
        labels[examples - 1] = 2;
        ObservationFile.save(folder, new StoredObservation(o, "mlp", 5, "dp-sgd", Map.of("epsilon", 2.5), false, 0, 1),
                new ImageBatch(pixels, examples, 1, 4, 4, labels, 3, List.of()));
        if (report != null) {
            Files.writeString(folder.resolve("report.json"), report);
        }
        return folder;
    }
}
