package org.hypertower.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands a block the tower's current weights instead of the parameters' own arrays, so a forward
 * pass reads values the tower produced. Parameters the tower does not own (BatchNorm running
 * statistics) fall back to their own arrays.
 */
final class TowerParameterStore extends ParameterStore {

    private final Map<String, NDArray> values = new HashMap<>();

    TowerParameterStore(NDManager manager) {
        super(manager, false);
    }

    void set(Parameter parameter, NDArray value) {
        values.put(parameter.getId(), value);
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null; // an absent optional parameter, e.g. a convolution without bias
        }
        NDArray value = values.get(parameter.getId());
        return value != null ? value : parameter.getArray();
    }
}
