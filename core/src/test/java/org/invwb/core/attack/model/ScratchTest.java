package org.invwb.core.attack.model;

import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void run() throws Exception {
        long t0 = System.nanoTime();
        InversionRun r = InversionRun.of(java.nio.file.Files.readString(java.nio.file.Path.of("/tmp/mi-scratch.json")));
        System.out.println("STATUS " + r.report().status() + " " + r.report().reason());
        System.out.println("METRICS " + r.metrics());
        System.out.println("SECONDS " + (System.nanoTime() - t0) / 1e9 + " iterations " + r.progress().size());
        if (!r.progress().isEmpty()) System.out.println("LAST " + r.progress().get(r.progress().size() - 1));
    }
}
