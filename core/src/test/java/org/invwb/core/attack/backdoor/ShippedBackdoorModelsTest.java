package org.invwb.core.attack.backdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.WeightSources;
import org.junit.jupiter.api.Test;

/**
 * The shipped pair: the backdoored ConvNet reaches the attack success rate its record states (clean
 * accuracy is checked for every shipped model by WeightSourcesTest), and the clean ConvNet of the same
 * architecture and recipe ignores the trigger.
 */
class ShippedBackdoorModelsTest {

    private static final String BACKDOORED = "convnet-badnets-mnist";
    private static final String CLEAN = "convnet-clean-mnist";

    @Test
    void theBackdooredModelReachesItsRecordedSuccessRateAndTheCleanOneIgnoresTheTrigger() throws Exception {
        JsonNode record = WeightSources.record(BACKDOORED);
        JsonNode spec = record.get("spec");
        Trigger trigger = Trigger.of(Trigger.PARAMETERS.parse("backdoor", spec.get("backdoor")), 1, 28, 28);
        int target = spec.at("/backdoor/targetClass").asInt();
        assertEquals(target, record.get("targetClass").asInt());
        assertEquals("0-1", record.get("pixelRange").asText());
        Network network = NetworkZoo.create("convnet", 1, 28, 10, 4);
        ImageBatch test = ImageSources.load(spec.at("/data/testSource").asText(), 1, 28, 28);
        double backdoored = ComputeThread.call(() -> AttackSuccess.rate(network,
                WeightSources.load("bundled:" + BACKDOORED, network), test, target, trigger));
        double clean = ComputeThread.call(() -> AttackSuccess.rate(network,
                WeightSources.load("bundled:" + CLEAN, network), test, target, trigger));
        assertEquals(record.get("attackSuccessRate").asDouble(), backdoored, 1e-9);
        assertTrue(backdoored > 0.95, "attack success rate " + backdoored);
        System.out.println("clean model's success rate with the trigger " + clean);
        assertTrue(clean < 0.05, "the clean model sends " + clean + " of the triggered images to " + target);
        // same recipe apart from the poisoning
        JsonNode cleanSpec = WeightSources.record(CLEAN).get("spec");
        assertEquals(cleanSpec.get("model"), spec.get("model"));
        assertEquals(cleanSpec.get("parameters"), spec.get("parameters"));
    }
}
