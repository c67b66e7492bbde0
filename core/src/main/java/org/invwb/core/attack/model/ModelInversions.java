package org.invwb.core.attack.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodProvider;
import org.invwb.core.run.ParamSet;

/** Registers the model-inversion methods with the run registry, in the family {@value #FAMILY}. */
public final class ModelInversions implements MethodProvider {

    public static final String FAMILY = "model-inversion";

    @Override
    public List<MethodDescriptor> methods() {
        return List.of(
                descriptor(MiFace.NAME, "MI-FACE: model inversion by gradient descent on the confidence",
                        "Fredrikson, Jha and Ristenpart, CCS 2015", null, MiFace.PARAMETERS, MiFace::new)
                        .withPlan(MiFace.PLAN),
                descriptor(GanPriorInversion.GMI, "GMI: The Secret Revealer, generative model inversion",
                        "Zhang, Jia, Pei, Wang, Li and Song, CVPR 2020", GanModelSpec.PRETRAINED,
                        GanPriorInversion.GMI_PARAMETERS, () -> new GanPriorInversion(false))
                        .withPlan(GanPriorInversion.PLAN),
                descriptor(GanPriorInversion.IF_GMI, "IF-GMI: model inversion through the GAN's intermediate"
                        + " features", "Qiu, Fang, Yu, Chen, Qiu and Xia, ECCV 2024", GanModelSpec.PRETRAINED,
                        GanPriorInversion.IF_GMI_PARAMETERS, () -> new GanPriorInversion(true))
                        .withPlan(GanPriorInversion.PLAN));
    }

    private static MethodDescriptor descriptor(String name, String title, String citation, ParamSet gan,
                                               ParamSet params, Supplier<InversionMethod> factory) {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", InversionSetup.DATA);
        sections.put("model", InversionSetup.MODEL);
        sections.put("evaluation", InversionSetup.EVALUATION_MODEL);
        if (gan != null) {
            sections.put("gan", gan);
        }
        sections.put("parameters", params);
        return new MethodDescriptor(name, FAMILY, title, citation, sections, factory);
    }
}
