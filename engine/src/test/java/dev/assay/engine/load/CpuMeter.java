package dev.assay.engine.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM and of the machine's PostgreSQL processes (Linux /proc), so a load run can say what each
 * request cost: latency at a fixed rate on a shared 2-core machine moves with everything else running, CPU per
 * request much less.
 */
final class CpuMeter {
    /** Clock ticks per second of /proc/[pid]/stat times; 100 on every Linux Assay runs on. */
    private static final double TICKS = 100.0;

    record Reading(long wallNanos, long jvmNanos, long postgresNanos) {
        String since(Reading start, long requests) {
            double wall = (wallNanos - start.wallNanos) / 1e9;
            double jvm = (jvmNanos - start.jvmNanos) / 1e9;
            double pg = (postgresNanos - start.postgresNanos) / 1e9;
            return String.format("CPU over %.1f s: JVM %.2f cores (%.3f ms per request), PostgreSQL %.2f cores"
                    + " (%.3f ms per request)", wall, jvm / wall, 1e3 * jvm / requests, pg / wall, 1e3 * pg / requests);
        }
    }

    private CpuMeter() {
    }

    static Reading read() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Reading(System.nanoTime(), os.getProcessCpuTime(), postgres());
    }

    private static long postgres() {
        long ticks = 0;
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : procs) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return (long) (ticks / TICKS * 1e9);
    }
}
