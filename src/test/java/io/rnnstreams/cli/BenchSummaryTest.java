package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rnnstreams.nn.CellType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSummaryTest {
    private static final BenchCase GRU16 = new BenchCase(CellType.GRU, 128, "exactly_once_v2", "rocksdb", "float16");

    private static BenchRun.Result result(double throughput, double p99) {
        return new BenchRun.Result(throughput, 2.0, new LatencyHistogram.Percentiles(p99 / 2, p99, p99 * 2, 1000),
                throughput / 2, 300, 0.8, 500L << 20, 900L << 20, 1, 0.9, 1.8, 1.5);
    }

    /** Three repeats whose ratios are 0.9, 0.5 and 0.8: the median ratio is 0.8, not a ratio of medians. */
    private static BenchSummary summary() {
        BenchSummary s = new BenchSummary(new BenchRun.Plan(1000, 10, 4, 1, 1, Duration.ofSeconds(10), 0.5), 3);
        s.add(GRU16, 283, result(900, 100), result(1000, 0), result(800, 0));
        s.add(GRU16, 283, result(500, 300), result(1000, 0), result(1000, 0));
        s.add(GRU16, 283, result(1600, 200), result(2000, 0), result(1600, 0));
        return s;
    }

    @Test
    void medianOfPerRepeatRatios() {
        JsonNode r = summary().toJson().get("results").get(0);
        assertEquals(900, r.get("throughput").asDouble(), 1e-9);
        assertEquals(1000, r.get("baselineThroughput").asDouble(), 1e-9);
        assertEquals(0.8, r.get("ratio").asDouble(), 1e-9);
        assertEquals(0.8, r.get("cpuRatio").asDouble(), 1e-9, "equal process CPU per second: the throughput ratios");
        assertEquals(1.0, r.get("ratioToFloat32Baseline").asDouble(), 1e-9, "ratios 1.125, 0.5, 1.0");
        assertEquals(200, r.get("latencyMs").get("p99").asDouble(), 1e-9);
        assertEquals(3, r.get("repeats").size());
        assertEquals(283, r.get("stateBytes").asInt());
    }

    @Test
    void tableRowHasBothThroughputsAndTheRatios() {
        StringWriter text = new StringWriter();
        summary().printTable(new PrintWriter(text));
        String row = text.toString().lines().filter(l -> l.startsWith(GRU16.label())).findFirst().orElseThrow();
        List<String> columns = List.of(row.substring(GRU16.label().length()).trim().split("\\s+"));
        assertEquals(List.of("900", "1,000", "0.80", "1.00", "0.80"), columns.subList(0, 5));
        assertTrue(text.toString().contains("median of 3"), text.toString());
    }

    @Test
    void medianOfAnEvenCountIsTheMean() {
        assertEquals(2.5, BenchSummary.median(new double[] {4, 1, 2, 3}), 1e-9);
        assertTrue(Double.isNaN(BenchSummary.median(new double[0])));
    }
}
