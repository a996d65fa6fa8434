package dev.assay.engine.webhooks;

/**
 * How the relay delivers outcome events.
 *
 * @param timeoutMillis     a delivery that has not been answered in this time failed (and is retried)
 * @param backoffMillis     the wait after the first failure; it doubles after each further failure
 * @param maxBackoffMillis  the longest wait between two attempts
 * @param maxAttempts       attempts before a delivery is given up as {@code failed} (staff can replay it)
 * @param maxInFlight       deliveries this node has open at once
 * @param pollMillis        how often an idle relay looks for due deliveries
 */
public record DeliveryConfig(long timeoutMillis, long backoffMillis, long maxBackoffMillis, int maxAttempts,
                             int maxInFlight, long pollMillis) {

    /** Retries over about a day and a half: 5 s, 10 s, 20 s, … then hourly, 20 attempts in all. */
    public static final DeliveryConfig DEFAULT = new DeliveryConfig(10_000, 5_000, 3_600_000, 20, 128, 200);

    public DeliveryConfig {
        if (timeoutMillis < 1 || backoffMillis < 1 || maxBackoffMillis < backoffMillis || maxAttempts < 1
                || maxInFlight < 1 || pollMillis < 1) {
            throw new IllegalArgumentException("invalid delivery settings");
        }
    }

    /**
     * How long a claimed delivery stays invisible to other nodes: longer than any attempt can take, so a delivery is
     * retried elsewhere only when the node sending it died. The 6 s on top cover the claim itself under load: a
     * claimed delivery must be sent within {@link #sendWindowMillis()} of the claim's start, and with short timeouts
     * a slow claim would otherwise use the whole window up before anything could be sent (a test configuration with
     * a 400 ms timeout stalled so on a loaded machine).
     */
    public long leaseMillis() {
        return timeoutMillis * 3 + 6_000;
    }

    /**
     * How long a claimed delivery may wait to be sent: it must be answered or timed out, with a second to spare,
     * before its lease runs out.
     */
    public long sendWindowMillis() {
        return leaseMillis() - timeoutMillis - 1_000;
    }

    /** The wait after the {@code attempt}-th failure (1-based), with ±20% jitter so retries spread out. */
    public long backoffAfter(int attempt, double random) {
        double base = backoffMillis * Math.pow(2, Math.min(40, Math.max(0, attempt - 1)));
        double capped = Math.min(base, maxBackoffMillis);
        return Math.max(1, Math.round(capped * (0.8 + 0.4 * random)));
    }

    public DeliveryConfig withTimeout(long t) {
        return new DeliveryConfig(t, backoffMillis, maxBackoffMillis, maxAttempts, maxInFlight, pollMillis);
    }

    public DeliveryConfig withBackoff(long first, long max) {
        return new DeliveryConfig(timeoutMillis, first, max, maxAttempts, maxInFlight, pollMillis);
    }

    public DeliveryConfig withMaxAttempts(int n) {
        return new DeliveryConfig(timeoutMillis, backoffMillis, maxBackoffMillis, n, maxInFlight, pollMillis);
    }

    public DeliveryConfig withPoll(long p) {
        return new DeliveryConfig(timeoutMillis, backoffMillis, maxBackoffMillis, maxAttempts, maxInFlight, p);
    }
}
