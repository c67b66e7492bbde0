package org.invwb.app.notes;

import java.util.Locale;

/** How a reported scalar (a Progress name such as {@code gradientDistance}) is written for people. */
public final class ScalarNames {

    private ScalarNames() {
    }

    /** "PSNR", "SSIM", "MSE", else the camel-case name as lower-case words ("gradient distance"). */
    public static String display(String scalar) {
        switch (scalar) {
            case "psnr":
                return "PSNR";
            case "ssim":
                return "SSIM";
            case "mse":
                return "MSE";
            default:
                return scalar.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        }
    }
}
