package io.rnnstreams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

    @Test
    void findsTheMetricInsideFunctionsAndAggregations() {
        assertEquals(Set.of("rnn_dlq_records_total"),
                PromQlMetricNames.in("sum by (reason) (rate(rnn_dlq_records_total{namespace=~\"$namespace\"}[$__rate_interval]))"));
    }

    @Test
    void ignoresLabelValuesThatLookLikeMetricNames() {
        assertEquals(Set.of("jvm_memory_used_bytes"),
                PromQlMetricNames.in("jvm_memory_used_bytes{area=\"heap\", id=\"not_a_metric_total\"}"));
    }

    @Test
    void ignoresNumbersDurationsKeywordsAndTrailingGroupingClauses() {
        assertEquals(Set.of("a_bucket", "b_count"),
                PromQlMetricNames.in("histogram_quantile(0.99, sum(rate(a_bucket[5m] offset 1h)) without (pod, le))"
                        + " > bool 1e3 and on(pod) group_left(instance) b_count"));
    }

    @Test
    void findsEveryOperandOfABinaryExpression() {
        assertEquals(Set.of("x_sum", "x_count"),
                PromQlMetricNames.in("sum(rate(x_sum[1m])) / sum(rate(x_count[1m]))"));
    }
}
