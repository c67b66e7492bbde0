package org.invwb.app.cli;

import ai.djl.Device;
import org.invwb.core.engine.ComputeEngine;

/** The --device option as the methods parse it ("cpu", "gpu:0"), checked against what libtorch can see. */
final class DeviceNames {

    private DeviceNames() {
    }

    /** Must run on the compute thread (it may start the engine). */
    static String check(String option) throws BadInputException {
        try {
            Device d = ComputeEngine.device(option);
            return d.isGpu() ? "gpu:" + d.getDeviceId() : "cpu";
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--device: " + e.getMessage());
        }
    }
}
