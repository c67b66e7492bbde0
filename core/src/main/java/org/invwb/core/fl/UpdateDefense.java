package org.invwb.core.fl;

import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/** A defense that transforms the finished update (gradient or weight difference) before it is sent. */
public interface UpdateDefense extends Defense {

    /** The update as sent; {@code update} is not changed. */
    StateDict apply(StateDict update);

    @Override
    default Observation fedSgd(Network network, StateDict globalModel, ImageBatch batch) {
        Observation plain = FedSgdClient.computeUpdate(network, globalModel, batch);
        return plain.withUpdate(apply(plain.update()));
    }
}
