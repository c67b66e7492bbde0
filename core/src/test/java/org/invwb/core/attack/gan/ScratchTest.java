package org.invwb.core.attack.gan;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void smoke() throws Exception {
        for (String m : new String[] {"intermediate-features", "out-of-domain-inversion"}) {
            InversionRun run = InversionRun.of("{\"method\": \"" + m + "\", \"data\": {\"stamp\": \"square\", \"count\": 2},"
                    + " \"gan\": {\"latent\": 8, \"generatorWidth\": 4, \"weights\": \"\"}, \"parameters\":"
                    + " {\"iterations\": 5, \"restarts\": 2}}");
            System.out.println(m + " " + run.report().status() + " " + run.report().reason() + " " + run.report().metrics()
                + " n=" + run.progress().size() + " last=" + run.progress().get(run.progress().size() - 1).scalars());
        }
    }
}
