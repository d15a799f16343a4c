package org.sightline.ops.bench;

import java.util.Arrays;

/** Latency percentiles of a run, from every sample taken (no sampling, no buckets). */
record Percentiles(double p50Millis, double p99Millis, double maxMillis) {

    static Percentiles of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(at(sorted, 0.50), at(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }
}
