package org.invwb.core.attack.backdoor;

import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodProvider;
import org.invwb.core.run.ParamSet;

/** Registers the backdoor-inversion methods with the run registry, in the family {@value #FAMILY}. */
public final class BackdoorAttacks implements MethodProvider {

    public static final String FAMILY = "backdoor";

    @Override
    public List<MethodDescriptor> methods() {
        return List.of(
                descriptor(NeuralCleanse.NAME, "Neural Cleanse", "Wang, Yao, Shan, Li, Viswanath, Zheng and Zhao,"
                        + " IEEE S&P 2019", NeuralCleanse.DATA, NeuralCleanse.PARAMETERS, NeuralCleanse::new)
                        .withPlan(NeuralCleanse.PLAN),
                descriptor(SmoothInv.NAME, "SmoothInv: single image backdoor inversion", "Sun and Kolter, CVPR 2023",
                        SmoothInv.DATA, SmoothInv.PARAMETERS, SmoothInv::new).withPlan(SmoothInv.PLAN));
    }

    private static MethodDescriptor descriptor(String name, String title, String citation, ParamSet data,
                                               ParamSet params,
                                               java.util.function.Supplier<org.invwb.core.run.InversionMethod> factory) {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", data);
        sections.put("model", ClientScenario.MODEL);
        sections.put("parameters", params);
        return new MethodDescriptor(name, FAMILY, title, citation, sections, factory);
    }
}
