package org.invwb.core.fl;

import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodProvider;
import org.invwb.core.run.ParamSet;

/** Registers the federated round with the run registry. */
public final class FederatedMethods implements MethodProvider {

    public static final String FAMILY = "federated";

    @Override
    public List<MethodDescriptor> methods() {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", FederatedRound.DATA);
        sections.put("model", ClientScenario.MODEL);
        sections.put("federation", FederatedRound.FEDERATION);
        sections.put("client", ClientScenario.DEFENSE);
        return List.of(new MethodDescriptor(FederatedRound.NAME, FAMILY,
                "Federated training round by round, storing what the server receives from a victim",
                "McMahan et al., AISTATS 2017 (FedSGD, FedAvg)", sections, FederatedRound::new));
    }
}
