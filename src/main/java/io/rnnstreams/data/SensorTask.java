package io.rnnstreams.data;

import java.util.Iterator;

/**
 * Dense numeric event streams: device sessions of 20..80 events, each event a 4-wide vector
 * {@code [value, delta, rate, clock]}, tagged {@code normal} or {@code anomaly}, each session
 * labelled {@code healthy} or {@code faulty}.
 *
 * <p>A session has a level (-1..1) plus a periodic swing of its own period (12..30 events) and
 * phase, plus Gaussian noise, in one of three regimes: {@code steady} (swing 0.05..0.15, noise
 * 0.01..0.04), {@code cyclic} (swing 0.3..0.6, noise 0.02..0.06) and {@code noisy} (swing
 * 0.05..0.2, noise 0.12..0.25). 40% of sessions are faulty: from an onset somewhere in the middle
 * half, noise grows by half, spikes (one event off by 5..8 noise deviations) occur at 10% of
 * events and level shifts (the level jumps by 4..8 deviations and stays) at 5%, and the event
 * rate becomes irregular. Healthy sessions have rare isolated spikes (1%) so that one anomaly
 * does not decide the label.
 *
 * <ul>
 *   <li>{@code value}: the reading.
 *   <li>{@code delta}: value minus the previous value (0 for the first event).
 *   <li>{@code rate}: log of the event rate relative to nominal; spread 0.15 when healthy, 0.25
 *       during a fault.
 *   <li>{@code clock}: sin of the session's periodic phase, which tells where in its cycle the
 *       value should be.
 * </ul>
 *
 * <p>The tag {@code anomaly} marks spike events and the first event of each level shift. Neither
 * can be told from the current vector alone: how large a delta is abnormal depends on the
 * session's noise and swing, and the event after a spike has an equally large delta back while
 * being normal, so a detector needs the recent history. All values are finite and roughly unit
 * scale: |value| &le; 2.4, so |delta| &le; 4.8.
 */
public final class SensorTask implements SyntheticTask {
    public static final String NAME = "sensor";
    public static final String NORMAL = "normal";
    public static final String ANOMALY = "anomaly";
    public static final String HEALTHY = "healthy";
    public static final String FAULTY = "faulty";
    static final int MIN_LENGTH = 20;
    static final int MAX_LENGTH = 80;
    /** Width of each event vector. */
    public static final int WIDTH = 4;

    private static final double FAULTY_SHARE = 0.4;
    private static final double FAULT_NOISE_FACTOR = 1.5;
    private static final double FAULT_SPIKE_RATE = 0.10;
    private static final double FAULT_SHIFT_RATE = 0.05;
    private static final double HEALTHY_SPIKE_RATE = 0.01;
    private static final double HEALTHY_RATE_SPREAD = 0.15;
    private static final double FAULT_RATE_SPREAD = 0.25;
    private static final double VALUE_BOUND = 2.4;
    private static final double LEVEL_BOUND = 1.5;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "sessions of " + MIN_LENGTH + "-" + MAX_LENGTH
                + " 4-wide events, tags normal/anomaly, label healthy/faulty";
    }

    @Override
    public SyntheticTask withLength(int length) {
        throw new IllegalArgumentException("sensor draws its lengths from " + MIN_LENGTH + ".."
                + MAX_LENGTH + "; --length applies to long-dependency only");
    }

    @Override
    public Iterator<Example> examples(long seed) {
        RandomDraws random = new RandomDraws(seed);
        return new ExampleStream(() -> session(random));
    }

    private static Example session(RandomDraws random) {
        int length = random.between(MIN_LENGTH, MAX_LENGTH);
        boolean faulty = random.chance(FAULTY_SHARE);
        int onset = faulty ? random.between(length / 4, 3 * length / 4) : length;
        double level = random.uniform(-1, 1);
        double period = random.uniform(12, 30);
        double phase = random.uniform(0, 2 * StrictMath.PI);
        double swing;
        double noise;
        switch (random.below(3)) {
            case 0 -> { // steady
                swing = random.uniform(0.05, 0.15);
                noise = random.uniform(0.01, 0.04);
            }
            case 1 -> { // cyclic
                swing = random.uniform(0.3, 0.6);
                noise = random.uniform(0.02, 0.06);
            }
            default -> { // noisy
                swing = random.uniform(0.05, 0.2);
                noise = random.uniform(0.12, 0.25);
            }
        }
        float[][] x = new float[length][];
        String[] tags = new String[length];
        double previous = 0;
        for (int t = 0; t < length; t++) {
            boolean fault = t >= onset;
            double sigma = fault ? noise * FAULT_NOISE_FACTOR : noise;
            double clock = StrictMath.sin(2 * StrictMath.PI * t / period + phase);
            boolean anomaly = false;
            if (fault && random.chance(FAULT_SHIFT_RATE)) {
                level += awayFromBound(level, random) * random.uniform(4, 8) * sigma;
                anomaly = true;
            }
            double value = level + swing * clock + sigma * random.gaussian();
            if (!anomaly && random.chance(fault ? FAULT_SPIKE_RATE : HEALTHY_SPIKE_RATE)) {
                value += (random.chance(0.5) ? 1 : -1) * random.uniform(5, 8) * sigma;
                anomaly = true;
            }
            value = Math.max(-VALUE_BOUND, Math.min(VALUE_BOUND, value));
            double rate = (fault ? FAULT_RATE_SPREAD : HEALTHY_RATE_SPREAD) * random.gaussian();
            double delta = t == 0 ? 0 : value - previous;
            x[t] = new float[] {(float) value, (float) delta, (float) rate, (float) clock};
            tags[t] = anomaly ? ANOMALY : NORMAL;
            previous = value;
        }
        return Example.vectors(x, tags, faulty ? FAULTY : HEALTHY);
    }

    /** Shift direction: random, but back toward the middle once the level has wandered far. */
    private static int awayFromBound(double level, RandomDraws random) {
        if (Math.abs(level) > LEVEL_BOUND) {
            return level > 0 ? -1 : 1;
        }
        return random.chance(0.5) ? 1 : -1;
    }
}
