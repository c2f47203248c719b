package io.rnnstreams.stream;

/**
 * A parsed record of the tokens topic (DESIGN.md): a token or a vector step, optionally ending
 * the sequence; or an end marker, a reset, or a generation request. One instance per processor,
 * refilled for every record.
 */
final class TokenMessage {
    String token;
    float[] x = new float[16];
    int xLength = -1;
    boolean end;
    boolean reset;
    int generate;
    double temperature;
    int topK;
    long seed;
    boolean hasSeed;
    String id;
    boolean idNumeric;

    void clear() {
        token = null;
        xLength = -1;
        end = false;
        reset = false;
        generate = 0;
        temperature = 0;
        topK = 0;
        seed = 0;
        hasSeed = false;
        id = null;
        idNumeric = false;
    }

    boolean hasStep() {
        return token != null || xLength >= 0;
    }
}
