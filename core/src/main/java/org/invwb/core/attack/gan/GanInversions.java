package org.invwb.core.attack.gan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodProvider;
import org.invwb.core.run.ParamSet;

/** Registers the GAN inversions with the run registry, in the family {@value #FAMILY}. */
public final class GanInversions implements MethodProvider {

    public static final String FAMILY = "gan-inversion";

    @Override
    public List<MethodDescriptor> methods() {
        return List.of(
                descriptor(LatentOptimization.NAME, "GAN inversion by latent optimisation",
                        "Zhu, Krähenbühl, Shechtman and Efros, ECCV 2016; Abdal, Qin and Wonka (Image2StyleGAN),"
                                + " ICCV 2019", LatentOptimization.PARAMETERS, LatentOptimization::new)
                        .withPlan(LatentOptimization.PLAN),
                descriptor(EncoderInversion.NAME, "Hybrid GAN inversion: encoder start, then optimisation",
                        "Zhu, Krähenbühl, Shechtman and Efros, ECCV 2016; Zhu, Shen, Zhao and Zhou (In-Domain GAN"
                                + " inversion), ECCV 2020", EncoderInversion.PARAMETERS, EncoderInversion::new),
                descriptor(IntermediateFeatures.NAME, "GAN inversion through intermediate features",
                        "Daras et al. (ILO), ICML 2021; Fang et al. (GIFD), ICCV 2023; Qiu et al. (IF-GMI), ECCV 2024",
                        IntermediateFeatures.PARAMETERS, IntermediateFeatures::new)
                        .withPlan(IntermediateFeatures.PLAN),
                descriptor(OutOfDomainInversion.NAME, "Out-of-domain GAN inversion by invertibility decomposition",
                        "Yang, Xu and Chen, ICCV 2023", OutOfDomainInversion.PARAMETERS,
                        OutOfDomainInversion::new).withPlan(OutOfDomainInversion.PLAN));
    }

    private static MethodDescriptor descriptor(String name, String title, String citation, ParamSet params,
                                               Supplier<InversionMethod> factory) {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", GanInversion.DATA);
        sections.put("gan", GanModelSpec.PRETRAINED);
        sections.put("parameters", params);
        return new MethodDescriptor(name, FAMILY, title, citation, sections, factory).withInput(GanInversion.INPUT);
    }
}
