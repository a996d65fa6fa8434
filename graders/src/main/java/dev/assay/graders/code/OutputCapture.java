package dev.assay.graders.code;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads one of a sandboxed program's output streams to its end, keeping at most {@code limit} bytes and reporting
 * the first byte beyond it (which ends the run).
 */
final class OutputCapture implements Runnable {
    private static final long READER_GRACE_MILLIS = 2000;

    private final InputStream in;
    private final long limit;
    private final Runnable onOverflow;
    private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
    private volatile long total;
    private volatile boolean overflowed;

    OutputCapture(InputStream in, long limit, Runnable onOverflow) {
        this.in = in;
        this.limit = limit;
        this.onOverflow = onOverflow;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                long room = limit - total;
                synchronized (kept) {
                    kept.write(buffer, 0, (int) Math.min(n, Math.max(0, room)));
                }
                total += n;
                if (total > limit) {
                    overflowed = true;
                    onOverflow.run();
                    return;
                }
            }
        } catch (IOException e) {
            // closed underneath us once the run is over
        }
    }

    long total() {
        return total;
    }

    boolean overflowed() {
        return overflowed;
    }

    byte[] bytes() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    void close() {
        try {
            in.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * Waits for the reader thread to reach end-of-file. The sandbox's PID namespace died with its init, so that is
     * at once; the grace only guards against a pipe someone else still holds.
     */
    void awaitEnd(Thread reader) {
        try {
            if (!reader.join(java.time.Duration.ofMillis(READER_GRACE_MILLIS))) {
                close();
                reader.join(java.time.Duration.ofMillis(READER_GRACE_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes the program's stdin and closes it; a program that stops reading early is its own business. */
    static void feed(OutputStream stdin, byte[] bytes) {
        try (stdin) {
            stdin.write(bytes);
        } catch (IOException e) {
            // The program exited or closed its stdin before reading it all: that is its business.
        }
    }
}
