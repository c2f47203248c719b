package io.rnnstreams.train;

import org.apache.kafka.common.utils.Utils;

/**
 * The deterministic held-out share: a record is held out when a hash of its key (of its value
 * when it has no key) falls in the first {@code percent} of 100 buckets. The same record is held
 * out on every run and after every restart, so it never trains a model it later validates.
 */
final class HeldOutSplit {
    private final int percent;

    HeldOutSplit(int percent) {
        this.percent = percent;
    }

    boolean isHeldOut(byte[] key, byte[] value) {
        byte[] basis = key != null && key.length > 0 ? key : value;
        if (basis == null) {
            return false;
        }
        return Utils.toPositive(Utils.murmur2(basis)) % 100 < percent;
    }
}
