package org.invwb.app.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gradient inversion suite's grid, in one place: the methods (each run from its sample spec), the
 * defenses (each a set of spec overrides), and how a cell of method × defense × batch size becomes runs.
 */
final class GradientSuite {

    /** One column of the grid: what the client does to its update, as spec overrides. */
    record Defense(String id, String label, List<String> overrides) {
    }

    /** One cell of the grid. */
    record Cell(String method, Defense defense, int batch) {
    }

    /**
     * Every cell sets the protocol and the defense, so that a base spec's own client (dropout-inversion's
     * dropout) never leaks into another column. DP-SGD clips to C = 1 so that σ is the noise's scale.
     */
    static final List<Defense> DEFENSES = List.of(
            fedSgd("none", "none", "client.defense=none"),
            fedSgd("dp-1e-3", "DP σ=1e-3", "client.defense=dp-sgd", "client.clipNorm=1", "client.noiseMultiplier=1e-3"),
            fedSgd("dp-1e-2", "DP σ=1e-2", "client.defense=dp-sgd", "client.clipNorm=1", "client.noiseMultiplier=1e-2"),
            fedSgd("dp-1e-1", "DP σ=1e-1", "client.defense=dp-sgd", "client.clipNorm=1", "client.noiseMultiplier=1e-1"),
            fedSgd("pruning-90", "pruning 90 %", "client.defense=pruning", "client.pruneFraction=0.9"),
            fedSgd("dropout-25", "dropout p=0.25", "client.defense=dropout", "client.dropoutRate=0.25"),
            new Defense("fedavg-4", "FedAvg 4 steps",
                    List.of("client.protocol=fedavg", "client.localSteps=4", "client.defense=none")));

    /**
     * The methods and the iterations each runs by default: short enough that the whole grid takes a quarter
     * of an hour on two cores; analytic-fc has no iterations.
     */
    static final Map<String, Integer> METHODS = methods();

    /**
     * The study's own settings of a method beyond its sample spec, applied before any --set: where the sample
     * shows the method at a length or on a model at which it cannot beat an image of noise in the study's few
     * hundred iterations. Inverting Gradients' reference code takes the gradient in evaluation mode
     * ({@code model.eval()}); in training mode the same 200 iterations stay at the noise level (7.2 dB against
     * 12.1 dB on photograph 0). See through Gradients matches BatchNorm statistics, which mean something only
     * on a trained network: the shipped MNIST ConvNet (there it beats an image of noise, 10.0 against 4.9 dB
     * on digit 0, but not an all-black image, 12.4 dB: the prior recovers digit statistics, not the digit).
     */
    static final Map<String, List<String>> SETTINGS = Map.of(
            "inverting-gradients", List.of("client.mode=eval"),
            "see-through-gradients", List.of("data.source=bundled:mnist-test", "model.architecture=convnet",
                    "model.channels=1", "model.imageSize=28", "model.numClasses=10", "model.width=4",
                    "model.weights=bundled:convnet-mnist"));

    static final List<Integer> BATCHES = List.of(1, 4);
    /** Client images averaged per cell: runs of one batch each on consecutive images until there are this many. */
    static final int IMAGES = 2;

    /** The spec fields the grid sets itself (a run's batch, index and iterations, each defense's fields). */
    static final Set<String> GRID_FIELDS = gridFields();

    private GradientSuite() {
    }

    private static Map<String, Integer> methods() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("dlg", 40);
        m.put("idlg", 40);
        m.put("inverting-gradients", 200);
        m.put("see-through-gradients", 200);
        m.put("analytic-fc", null);
        m.put("dropout-inversion", 200);
        return Collections.unmodifiableMap(m);
    }

    private static Set<String> gridFields() {
        Set<String> fields = new TreeSet<>(List.of("data.batchSize", "data.index", "parameters.iterations"));
        DEFENSES.forEach(d -> d.overrides().forEach(o -> fields.add(o.substring(0, o.indexOf('=')))));
        return Collections.unmodifiableSet(fields);
    }

    private static Defense fedSgd(String id, String label, String... overrides) {
        List<String> all = new ArrayList<>(List.of("client.protocol=fedsgd"));
        all.addAll(List.of(overrides));
        return new Defense(id, label, List.copyOf(all));
    }

    static Defense defense(String id) throws BadInputException {
        return DEFENSES.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow(() -> new BadInputException(
                "--defenses " + id + ": unknown; one of " + String.join(", ", DEFENSES.stream().map(Defense::id).toList())));
    }

    /** Every cell, method by method, then batch size, then defense (the order of the table). */
    static List<Cell> cells(List<String> methods, List<Defense> defenses, List<Integer> batches) {
        List<Cell> cells = new ArrayList<>();
        for (String method : methods) {
            for (int batch : batches) {
                for (Defense defense : defenses) {
                    cells.add(new Cell(method, defense, batch));
                }
            }
        }
        return cells;
    }

    /** The data.index of each run of a cell: enough batches of consecutive images to reach {@code images}. */
    static List<Integer> runIndices(int batch, int images) {
        List<Integer> indices = new ArrayList<>();
        for (int first = 0; first < images; first += batch) {
            indices.add(first);
        }
        return indices;
    }

    /**
     * The overrides of one run, applied after the user's --set values: the defense, the batch, where it
     * starts in the data, and the iterations (null: the method has none).
     */
    static List<String> overrides(Cell cell, int index, Integer iterations) {
        List<String> all = new ArrayList<>(cell.defense().overrides());
        all.add("data.batchSize=" + cell.batch());
        all.add("data.index=" + index);
        if (iterations != null) {
            all.add("parameters.iterations=" + iterations);
        }
        return all;
    }

    /** A run folder's path under the suite's folder, e.g. {@code dlg/dp-1e-2_batch1_index0}. */
    static String folder(Cell cell, int index) {
        return cell.method() + "/" + cell.defense().id() + "_batch" + cell.batch() + "_index" + index;
    }
}
