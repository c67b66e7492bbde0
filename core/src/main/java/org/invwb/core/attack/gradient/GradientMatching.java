package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.data.FloatImage;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;

/**
 * The squared-L2 gradient-matching objective of DLG: dummy images (and, unless the labels are
 * known, dummy label logits turned into soft labels by softmax) are scored by
 * Σ_layers ‖∇θ ℓ(dummy) − ∇θ ℓ(client)‖². The variables live in one flat vector (images first,
 * then label logits) so that an optimiser on the Java side can drive them.
 *
 * <p>Runs on the compute thread; the model weights and the observed gradient are uploaded once,
 * and each evaluation works inside its own sub-manager, so memory stays flat.
 */
final class GradientMatching implements InversionObjective, AutoCloseable {

    private final Network network;
    private final boolean trainMode;
    private final int batch;
    private final int[] knownLabels;
    private final NDManager root;
    private final LinkedHashMap<String, NDArray> params;
    private final List<NDArray> paramList;
    private final List<NDArray> target;
    private final Shape imageShape;
    private final int imageValues;
    private final int numClasses;
    private final NDArray knownTargets;
    private final StagingBuffer imageStaging = new StagingBuffer();
    private final StagingBuffer labelStaging = new StagingBuffer();
    private int evaluations;

    /**
     * @param knownLabels labels to use as hard targets, or null to optimise soft labels jointly
     */
    GradientMatching(Observation observation, int[] knownLabels, NDManager root) {
        this.network = observation.network();
        this.trainMode = observation.trainMode();
        this.batch = observation.batchSize();
        this.knownLabels = knownLabels;
        this.root = root;
        this.params = observation.globalModel().toArrays(root);
        // only trainable parameters have gradients; BatchNorm buffers stay constants
        List<String> trainable = network.trainableNames();
        this.paramList = trainable.stream().map(params::get).toList();
        paramList.forEach(p -> p.setRequiresGradient(true));
        this.target = trainable.stream().map(n -> observation.update().get(n).toArray(root)).toList();
        Shape in = network.inputShape();
        this.imageShape = new Shape(batch, in.get(0), in.get(1), in.get(2));
        this.imageValues = (int) imageShape.size();
        this.numClasses = network.numClasses();
        this.knownTargets = knownLabels == null ? null : Losses.oneHot(root, knownLabels, numClasses);
    }

    /** Length of the flat variable vector. */
    int size() {
        return imageValues + (knownLabels == null ? batch * numClasses : 0);
    }

    @Override
    public int evaluations() {
        return evaluations;
    }

    @Override
    public double evaluate(double[] vars, double[] gradient) {
        evaluations++;
        // The scope also closes intermediates that DJL attaches to the long-lived managers.
        try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray images = imageStaging.upload(m, vars, 0, imageShape);
            images.setRequiresGradient(true);
            List<NDArray> variables = new ArrayList<>(2);
            variables.add(images);
            NDArray labelTargets;
            if (knownLabels == null) {
                NDArray labelLogits = labelStaging.upload(m, vars, imageValues, new Shape(batch, numClasses));
                labelLogits.setRequiresGradient(true);
                variables.add(labelLogits);
                labelTargets = labelLogits.softmax(1);
            } else {
                labelTargets = knownTargets;
            }
            NDArray loss = Losses.softCrossEntropy(network.forward(params, images, trainMode), labelTargets);
            List<NDArray> dummyGrads = Autograd.grad(loss, paramList, true);
            NDArray distance = null;
            for (int i = 0; i < dummyGrads.size(); i++) {
                NDArray term = dummyGrads.get(i).sub(target.get(i)).square().sum();
                distance = distance == null ? term : distance.add(term);
            }
            List<NDArray> grads = Autograd.grad(distance, variables, false);
            int offset = 0;
            for (NDArray g : grads) {
                float[] values = g.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    gradient[offset + i] = values[i];
                }
                offset += values.length;
            }
            return distance.getFloat();
        }
    }

    /** The dummy images in the flat vector, clamped to the valid pixel range for display and scoring. */
    @Override
    public List<FloatImage> images(double[] vars) {
        Shape in = network.inputShape();
        int c = (int) in.get(0);
        int h = (int) in.get(1);
        int w = (int) in.get(2);
        int n = c * h * w;
        List<FloatImage> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            out.add(new FloatImage(c, h, w, toFloats(vars, b * n, n)).clamped());
        }
        return out;
    }

    /** Labels the attack currently believes in: the known ones, or the argmax of the soft labels. */
    @Override
    public int[] labels(double[] vars) {
        if (knownLabels != null) {
            return knownLabels.clone();
        }
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            int base = imageValues + b * numClasses;
            int best = 0;
            for (int k = 1; k < numClasses; k++) {
                if (vars[base + k] > vars[base + best]) {
                    best = k;
                }
            }
            out[b] = best;
        }
        return out;
    }

    private static float[] toFloats(double[] v, int from, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) v[from + i];
        }
        return out;
    }

    @Override
    public void close() {
        params.values().forEach(NDArray::close);
        target.forEach(NDArray::close);
        if (knownTargets != null) {
            knownTargets.close();
        }
    }
}
