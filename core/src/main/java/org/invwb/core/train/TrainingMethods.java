package org.invwb.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.attack.backdoor.Trigger;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.diffusion.DiffusionModelSpec;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodProvider;
import org.invwb.core.run.ParamSet;

/** Registers the training recipes with the run registry, in the family {@value #FAMILY}. */
public final class TrainingMethods implements MethodProvider {

    public static final String FAMILY = "training";

    @Override
    public List<MethodDescriptor> methods() {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", ClassifierTraining.DATA);
        sections.put("model", ClientScenario.MODEL);
        sections.put("parameters", ClassifierTraining.PARAMETERS);
        LinkedHashMap<String, ParamSet> poisoned = new LinkedHashMap<>(sections);
        poisoned.put("backdoor", Trigger.PARAMETERS);
        LinkedHashMap<String, ParamSet> diffusion = new LinkedHashMap<>();
        diffusion.put("data", DiffusionTraining.DATA);
        diffusion.put("model", DiffusionModelSpec.TRAINING);
        diffusion.put("parameters", DiffusionTraining.PARAMETERS);
        LinkedHashMap<String, ParamSet> gan = new LinkedHashMap<>();
        gan.put("data", GanTraining.DATA);
        gan.put("gan", GanModelSpec.TRAINING);
        gan.put("parameters", GanTraining.PARAMETERS);
        LinkedHashMap<String, ParamSet> encoder = new LinkedHashMap<>();
        encoder.put("gan", GanModelSpec.PRETRAINED);
        encoder.put("parameters", EncoderTraining.PARAMETERS);
        return List.of(new MethodDescriptor(ClassifierTraining.NAME, FAMILY, "Classifier training",
                "mini-batch SGD (torch.optim.SGD) or Adam (Kingma and Ba, ICLR 2015) on the cross-entropy",
                sections, ClassifierTraining::new).withPlan(ClassifierTraining.PLAN),
                new MethodDescriptor(BackdoorTraining.NAME, FAMILY, "Backdoored classifier training",
                        "BadNets (Gu, Dolan-Gavitt and Garg, arXiv 1708.06733); blended trigger (Chen et al.,"
                        + " arXiv 1712.05526)", poisoned, BackdoorTraining::new).withPlan(ClassifierTraining.PLAN),
                new MethodDescriptor(DiffusionTraining.NAME, FAMILY, "Diffusion model training",
                        "DDPM (Ho, Jain and Abbeel, NeurIPS 2020) with classifier-free guidance (Ho and Salimans 2021)",
                        diffusion, DiffusionTraining::new).withPlan(DiffusionTraining.PLAN),
                new MethodDescriptor(GanTraining.NAME, FAMILY, "GAN training",
                        "DCGAN (Radford, Metz and Chintala, ICLR 2016); WGAN-GP (Gulrajani et al., NeurIPS 2017),"
                        + " as GMI (Zhang et al., CVPR 2020) trains its prior", gan, GanTraining::new),
                new MethodDescriptor(EncoderTraining.NAME, FAMILY, "GAN encoder training",
                        "an encoder from images to latent codes trained on the GAN's samples, as the hybrid inversion"
                        + " of Zhu et al. (ECCV 2016) trains its start", encoder, EncoderTraining::new));
    }
}
