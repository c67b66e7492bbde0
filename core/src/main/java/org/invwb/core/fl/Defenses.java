package org.invwb.core.fl;

import java.util.List;
import org.invwb.core.run.ParamValues;

/** The defenses a spec can put in front of the client ({@code client.defense}), built from that section. */
public final class Defenses {

    public static final List<String> NAMES = List.of(NoDefense.NAME, DpSgdDefense.NAME, PruningDefense.NAME,
            QuantisationDefense.NAME, NoiseDefense.GAUSSIAN, NoiseDefense.LAPLACIAN, DropoutDefense.NAME, HyperFlDefense.NAME);

    private Defenses() {
    }

    /** The defense {@code client} selects, its randomness drawn from {@code seed}. */
    public static Defense create(ParamValues client, long seed) {
        String name = client.getString("defense");
        return switch (name) {
            case NoDefense.NAME -> new NoDefense();
            case DpSgdDefense.NAME -> new DpSgdDefense(client.getDouble("clipNorm"), client.getDouble("noiseMultiplier"), seed);
            case PruningDefense.NAME -> new PruningDefense(client.getDouble("pruneFraction"));
            case QuantisationDefense.NAME -> new QuantisationDefense(client.getInt("bits"));
            case NoiseDefense.GAUSSIAN -> NoiseDefense.gaussian(client.getDouble("noiseScale"), seed);
            case NoiseDefense.LAPLACIAN -> NoiseDefense.laplacian(client.getDouble("noiseScale"), seed);
            case DropoutDefense.NAME -> new DropoutDefense(client.getDouble("dropoutRate"), seed);
            case HyperFlDefense.NAME -> new HyperFlDefense(client.getInt("embeddingDim"),
                    client.getInt("hypernetworkHidden"), client.getDouble("headLr"), seed);
            default -> throw new IllegalArgumentException("unknown defense \"" + name + "\"");
        };
    }
}
