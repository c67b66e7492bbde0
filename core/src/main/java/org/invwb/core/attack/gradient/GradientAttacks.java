package org.invwb.core.attack.gradient;

import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodProvider;
import org.invwb.core.run.ParamSet;

/** Registers the gradient-inversion methods with the run registry. */
public final class GradientAttacks implements MethodProvider {

    public static final String FAMILY = "gradient";

    @Override
    public List<MethodDescriptor> methods() {
        return List.of(
                descriptor(Dlg.NAME, "Deep Leakage from Gradients", "Zhu, Liu and Han, NeurIPS 2019",
                        Dlg.PARAMETERS, Dlg::new),
                descriptor(Idlg.NAME, "Improved Deep Leakage from Gradients", "Zhao, Mopuri and Bilen, arXiv 2001.02610",
                        Idlg.PARAMETERS, Idlg::new),
                descriptor(InvertingGradients.NAME, "Inverting Gradients",
                        "Geiping, Bauermeister, Dröge and Moeller, NeurIPS 2020", InvertingGradients.PARAMETERS,
                        InvertingGradients::new).withPlan(AdamGradientAttack.PLAN),
                descriptor(AnalyticFc.NAME, "Analytic input recovery from a fully connected layer",
                        "Phong et al., IEEE TIFS 2018; Geiping et al., NeurIPS 2020", AnalyticFc.PARAMETERS,
                        AnalyticFc::new).withPlan(AnalyticFc.PLAN),
                descriptor(DropoutInversion.NAME, "Dropout Inversion Attack",
                        "Scheliga, Mäder and Seeland, AAAI 2023", DropoutInversion.PARAMETERS, DropoutInversion::new)
                        .withPlan(AdamGradientAttack.PLAN),
                descriptor(SeeThroughGradients.NAME, "See through Gradients (GradInversion)",
                        "Yin et al., CVPR 2021", SeeThroughGradients.PARAMETERS, SeeThroughGradients::new)
                        .withPlan(AdamGradientAttack.PLAN),
                withGan(descriptor(Ggl.NAME, "Generative Gradient Leakage", "Li, Zhang, Wang and Chen, CVPR 2022",
                        Ggl.PARAMETERS, Ggl::new)).withPlan(Ggl.PLAN),
                withGan(descriptor(Gifd.NAME, "GIFD: generative gradient inversion with feature domain optimisation",
                        "Fang, Chen, Wang, Wang and Xia, ICCV 2023", Gifd.PARAMETERS, Gifd::new)).withPlan(Gifd.PLAN));
    }

    /** The descriptor with the {@code gan} section, before the parameters. */
    private static MethodDescriptor withGan(MethodDescriptor d) {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        d.sections().forEach((name, set) -> {
            if (name.equals("parameters")) {
                sections.put("gan", GanModelSpec.PRETRAINED);
            }
            sections.put(name, set);
        });
        return d.withSections(sections);
    }

    private static MethodDescriptor descriptor(String name, String title, String citation, ParamSet params,
                                               java.util.function.Supplier<org.invwb.core.run.InversionMethod> factory) {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", ClientScenario.DATA);
        sections.put("model", ClientScenario.MODEL);
        sections.put("client", ClientScenario.CLIENT);
        sections.put("parameters", params);
        // the client's batch, which the attack scores against, is read from the spec alone
        return new MethodDescriptor(name, FAMILY, title, citation, sections, factory)
                .withInput(spec -> ClientScenario.clientImages(spec).images());
    }
}
