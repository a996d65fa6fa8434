package dev.assay.engine.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's Prometheus registry. Vert.x records HTTP request rates and latencies into it; Assay adds the grading
 * queue depth and grading latency per grader.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong queueDepth = new AtomicLong();

    public Metrics() {
        Gauge.builder("assay_grading_queue_depth", queueDepth, AtomicLong::get)
                .description("Grading tasks accepted and not yet finished (cluster-wide, from the store)")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Timer gradingTimer(String grader) {
        return Timer.builder("assay_grading_seconds")
                .description("Time to grade one response")
                .tag("grader", grader)
                .publishPercentileHistogram()
                .register(registry);
    }

    public void queueDepth(long depth) {
        queueDepth.set(depth);
    }

    public String scrape() {
        return registry.scrape();
    }
}
