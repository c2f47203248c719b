package io.rnnstreams.nn;

import java.util.List;

/** Updates parameters from their accumulated gradients. */
public interface Optimizer {
    /** One update of every parameter from its gradient; gradients are left as they are. */
    void step(List<Param> params);

    double learningRate();

    /** For learning-rate schedules. */
    void setLearningRate(double lr);
}
