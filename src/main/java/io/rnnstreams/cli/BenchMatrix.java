package io.rnnstreams.cli;

import java.time.Duration;
import java.util.List;

/**
 * Runs the cases of a bench in rounds: every round runs every case once, each right after its
 * own baseline run (and, for a float16 case, the float32 baseline too). Baselines are not shared
 * between cases of equal state size: on a machine shared with other work the load changes from
 * minute to minute, and only runs measured back to back see the same machine.
 */
final class BenchMatrix {
    static final long WARM_UP_TOKENS = 20_000;
    /** The warm-up waits until the JIT compiles less than this share of a core, or for the timeout. */
    private static final double JIT_IDLE_SHARE = 0.05;
    private static final Duration JIT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    private final BenchSession session;
    private final BenchRun.Plan plan;
    private final List<BenchCase> cases;
    private final int repeat;
    private final BenchWorkload shape;

    BenchMatrix(BenchSession session, BenchRun.Plan plan, List<BenchCase> cases, int repeat) {
        this.session = session;
        this.plan = plan;
        this.cases = cases;
        this.repeat = repeat;
        this.shape = new BenchWorkload(1, false, plan.seed());
    }

    BenchSummary run() throws Exception {
        warmUp();
        BenchSummary summary = new BenchSummary(plan, repeat);
        int total = cases.size() * repeat;
        int done = 0;
        long started = System.nanoTime();
        for (int round = 0; round < repeat; round++) {
            for (BenchCase c : cases) {
                BenchRun.Result base = baseline(c);
                BenchRun.Result baseF32 = c.compact() ? baseline(c.withFloat32()) : null;
                BenchRun.Result ours = BenchRun.serving(session, c, plan);
                summary.add(c, c.stateBytes(shape), ours, base, baseF32);
                done++;
                double elapsed = (System.nanoTime() - started) / 1e9;
                session.progress(String.format(
                        "[%d/%d] %s (repeat %d): %,.0f tokens/s, baseline %,.0f, ratio %.2f%s; p99 %s ms; "
                                + "load %.2f; ~%.0f min left",
                        done, total, c.label(), round + 1, ours.throughput(), base.throughput(),
                        ours.throughput() / base.throughput(),
                        baseF32 == null ? "" : String.format(", vs float32 baseline %.2f",
                                ours.throughput() / baseF32.throughput()),
                        ours.latency() == null ? "-" : String.format("%.0f", ours.latency().p99()),
                        ours.loadAverage(), elapsed / done * (total - done) / 60));
            }
        }
        return summary;
    }

    /**
     * One unrecorded run of each topology first, then a wait until the JIT compilers are idle:
     * the JIT compiles Kafka's and our code paths, and the broker's, before the first measured
     * run, which would otherwise pay for it. With a warm-up of a twentieth of the tokens the
     * compiler threads still took 40-60% of a core through the first measured baseline. Runs
     * shorter than the warm-up itself are smoke checks, whose figures mean little anyway: they
     * skip it. Idle compilers here do not mean the JIT is done: the first full-size baseline
     * still compiles several times what later ones do and runs slower; longer warm-ups shrink
     * that without removing it (docs/performance-end-to-end.md, "The first baseline and the
     * JIT"), so the figures are medians of per-repeat ratios.
     */
    private void warmUp() throws Exception {
        if (plan.tokens() < WARM_UP_TOKENS) {
            return;
        }
        BenchRun.Plan warm = new BenchRun.Plan(Math.max(WARM_UP_TOKENS, plan.tokens() / 5), plan.keys(),
                plan.partitions(), plan.threads(), plan.seed(), Duration.ofSeconds(Math.min(2, plan.latencyDuration().toSeconds())),
                plan.latencyShare());
        session.progress(String.format("warming up with %,d tokens", warm.tokens()));
        BenchRun.baseline(session, cases.get(0), warm);
        BenchRun.serving(session, cases.get(0), warm);
        double compiling = ProcessResources.awaitIdleCompiler(JIT_IDLE_SHARE, JIT_IDLE_TIMEOUT);
        session.progress(String.format("JIT compilers at %.0f%% of a core after the warm-up", compiling * 100));
    }

    private BenchRun.Result baseline(BenchCase c) throws Exception {
        BenchRun.Result r = BenchRun.baseline(session, c, plan);
        session.progress(String.format("    baseline %s: %,.0f tokens/s", c.baselineLabel(shape),
                r.throughput()));
        return r;
    }
}
