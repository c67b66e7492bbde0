package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

/** The spec's {@code client} section puts a defense between the client and what the attack observes. */
class ClientDefenseTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    private static ClientScenario scenario(String method, String client) throws Exception {
        return ClientScenario.build(REGISTRY.resolve(Spec.parse("{\"method\":\"" + method + "\",\"seed\":3,"
                + "\"data\":{\"source\":\"bundled:photos\"},\"client\":{" + client + "}}")));
    }

    @Test
    void theAttackObservesThePrunedUpdate() throws Exception {
        ClientScenario s = scenario("idlg", "\"defense\":\"pruning\",\"pruneFraction\":0.9");
        Observation seen = ComputeThread.call(s::observation);
        long nonZero = 0;
        for (HostTensor t : seen.update().tensors().values()) {
            for (float v : t.data()) {
                nonZero += v != 0 ? 1 : 0;
            }
        }
        long total = seen.update().parameterCount();
        assertEquals(total - Math.round(0.9 * total), nonZero);
    }

    @Test
    void everyDefenseIsReachableFromTheSpecAndNoneIsTheDefault() throws Exception {
        assertInstanceOf(NoDefense.class, scenario("dlg", "").defense());
        // hyperfl is reachable too, but an attack refuses it (HyperFlTest)
        for (String name : Defenses.NAMES.stream().filter(n -> !n.equals(HyperFlDefense.NAME)).toList()) {
            assertEquals(name, scenario("dlg", "\"defense\":\"" + name + "\"").defense().name());
        }
    }

    @Test
    void badValuesNameTheField() {
        SpecException unknown = assertThrows(SpecException.class,
                () -> REGISTRY.resolve(Spec.parse("{\"method\":\"idlg\",\"client\":{\"defense\":\"magic\"}}")));
        assertEquals("client.defense", unknown.path());
        SpecException range = assertThrows(SpecException.class,
                () -> REGISTRY.resolve(Spec.parse("{\"method\":\"dlg\",\"client\":{\"pruneFraction\":1.5}}")));
        assertEquals("client.pruneFraction", range.path());
        assertTrue(REGISTRY.find("idlg").orElseThrow().sections().get("client") == ClientScenario.CLIENT);
    }
}
