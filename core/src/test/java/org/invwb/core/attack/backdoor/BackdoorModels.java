package org.invwb.core.attack.backdoor;

/** The model section of the shipped backdoor models, with {@code %s} for their weights. */
final class BackdoorModels {

    static final String CONVNET_MNIST = "\"model\": {\"architecture\": \"convnet\", \"numClasses\": 10,"
            + " \"imageSize\": 28, \"channels\": 1, \"width\": 4, \"weights\": \"%s\"}";

    private BackdoorModels() {
    }
}
