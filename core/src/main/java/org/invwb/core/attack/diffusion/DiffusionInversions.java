package org.invwb.core.attack.diffusion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.invwb.core.nn.diffusion.DiffusionModelSpec;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodProvider;
import org.invwb.core.run.ParamSet;

/** Registers the diffusion inversions and inverse-problem solvers with the run registry, in the family {@value #FAMILY}. */
public final class DiffusionInversions implements MethodProvider {

    public static final String FAMILY = "diffusion";

    @Override
    public List<MethodDescriptor> methods() {
        return List.of(
                descriptor(DdimInversion.NAME, "DDIM inversion",
                        "Song, Meng and Ermon, ICLR 2021; Dhariwal and Nichol, NeurIPS 2021",
                        DdimInversion.PARAMETERS, DdimInversion::new),
                descriptor(EdictInversion.NAME, "EDICT: exact inversion by coupled transformations",
                        "Wallace, Gokul and Naik, CVPR 2023", EdictInversion.PARAMETERS, EdictInversion::new),
                descriptor(BdiaInversion.NAME, "BDIA: exact inversion by bi-directional integration approximation",
                        "Zhang, Lewis and Kleijn, ECCV 2024", BdiaInversion.PARAMETERS, BdiaInversion::new),
                descriptor(NullTextInversion.NAME, "Null-text inversion",
                        "Mokady, Hertz, Aberman, Pritch and Cohen-Or, CVPR 2023", NullTextInversion.PARAMETERS,
                        NullTextInversion::new),
                descriptor(SpdInversion.NAME, "SPDInv: source-prompt disentangled inversion by fixed points",
                        "Li, Li, Guo and Zhang, ECCV 2024", SpdInversion.PARAMETERS, SpdInversion::new),
                problem(RedDiff.NAME, "RED-diff: a variational perspective on inverse problems with diffusion models",
                        "Mardani, Song, Kautz and Vahdat, ICLR 2024", RedDiff.PARAMETERS, RedDiff::new)
                        .withPlan(RedDiff.PLAN),
                problem(Dps.NAME, "DPS: diffusion posterior sampling for general noisy inverse problems",
                        "Chung, Kim, Mccann, Klasky and Ye, ICLR 2023", Dps.PARAMETERS, Dps::new).withPlan(Dps.PLAN));
    }

    /** An inverse problem: its images, the prior, the degradation shared by every solver, its parameters. */
    private static MethodDescriptor problem(String name, String title, String citation, ParamSet params,
                                            Supplier<InversionMethod> factory) {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", InverseProblem.DATA);
        sections.put("model", DiffusionModelSpec.PRETRAINED);
        sections.put("degradation", Degradation.SECTION);
        sections.put("parameters", params);
        return new MethodDescriptor(name, FAMILY, title, citation, sections, factory).withInput(DiffusionInversion.INPUT);
    }

    private static MethodDescriptor descriptor(String name, String title, String citation, ParamSet params,
                                               Supplier<InversionMethod> factory) {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", DiffusionInversion.DATA);
        sections.put("model", DiffusionModelSpec.PRETRAINED);
        sections.put("parameters", params);
        return new MethodDescriptor(name, FAMILY, title, citation, sections, factory).withPlan(DiffusionInversion.PLAN)
                .withInput(DiffusionInversion.INPUT);
    }
}
