package org.invwb.core.attack.diffusion;

import org.junit.jupiter.api.Test;

class ProbeInverseTest {
    @Test
    void probe() throws Exception {
        String[] specs = System.getProperty("probe.specs", "").split(";");
        for (String s : specs) {
            long t0 = System.nanoTime();
            InversionRun r = InversionRun.of(s);
            System.out.println("PROBE " + s + "\n  -> " + r.report().status() + " " + r.report().reason() + " "
                    + r.report().metrics() + " wall " + (System.nanoTime() - t0) / 1e9);
        }
    }
}
