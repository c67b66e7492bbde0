package org.invwb.core.fl;

import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/** A defense that transforms the finished update (gradient or weight difference) before it is sent. */
public interface UpdateDefense extends Defense {

    /** The update as sent; {@code update} is not changed. */
    StateDict apply(StateDict update);

    @Override
    default Observation fedSgd(Network network, StateDict globalModel, ImageBatch batch, boolean trainMode) {
        Observation plain = FedSgdClient.computeUpdate(network, globalModel, batch, trainMode);
        return plain.withUpdate(apply(plain.update()));
    }

    /** The weight difference after plain local training, transformed as it leaves the client. */
    @Override
    default Observation fedAvg(Network network, StateDict globalModel, ImageBatch data, int localSteps,
                               double learningRate, int localBatchSize, boolean trainMode) {
        Observation plain = FedAvgClient.computeUpdate(network, globalModel, data, localSteps, learningRate,
                localBatchSize, trainMode);
        return plain.withUpdate(apply(plain.update()));
    }
}
