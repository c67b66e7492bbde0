package org.invwb.core.nn;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained GAN as one weights file: the generator's tensors under {@code generator.} and the
 * discriminator's under {@code discriminator.}, as a PyTorch module holding both would name them.
 * Model-inversion attacks need both (GMI's prior is the discriminator), so they travel together.
 */
public record Dcgan(DcganGenerator generator, DcganDiscriminator discriminator) implements ParameterLayout {

    public static final String NAME = "dcgan";
    public static final String GENERATOR = "generator.";
    public static final String DISCRIMINATOR = "discriminator.";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LinkedHashMap<String, Shape> parameterShapes() {
        LinkedHashMap<String, Shape> shapes = new LinkedHashMap<>();
        generator.parameterShapes().forEach((n, s) -> shapes.put(GENERATOR + n, s));
        discriminator.parameterShapes().forEach((n, s) -> shapes.put(DISCRIMINATOR + n, s));
        return shapes;
    }

    /** Both networks' initial weights; the discriminator's from the next seed, so the two streams differ. */
    public StateDict initialise(long seed) {
        return join(generator.initialise(seed), discriminator.initialise(seed + 1));
    }

    /** One file's worth of weights from the two networks' own. */
    public static StateDict join(StateDict generatorWeights, StateDict discriminatorWeights) {
        LinkedHashMap<String, HostTensor> all = new LinkedHashMap<>();
        generatorWeights.tensors().forEach((n, t) -> all.put(GENERATOR + n, t));
        discriminatorWeights.tensors().forEach((n, t) -> all.put(DISCRIMINATOR + n, t));
        return new StateDict(all);
    }

    public static StateDict generatorPart(StateDict both) {
        return part(both, GENERATOR);
    }

    public static StateDict discriminatorPart(StateDict both) {
        return part(both, DISCRIMINATOR);
    }

    private static StateDict part(StateDict both, String prefix) {
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : both.tensors().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return new StateDict(out);
    }
}
