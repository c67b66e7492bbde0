package org.invwb.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.fl.ClientScenario;
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
        return List.of(new MethodDescriptor(ClassifierTraining.NAME, FAMILY, "Classifier training",
                "mini-batch SGD (torch.optim.SGD) or Adam (Kingma and Ba, ICLR 2015) on the cross-entropy",
                sections, ClassifierTraining::new));
    }
}
