package io.orderflow.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU seconds used so far by the service's JVMs and by PostgreSQL (the postmaster, its live backends, and the
 * backends that ended, which the kernel adds to their parent), from /proc. Linux only; elsewhere it reads 0.
 */
final class CpuMeter {

    private static final double TICKS = 100.0;

    private final List<Long> servicePids;
    private final Path postgresData;

    CpuMeter(List<Long> servicePids, Path postgresData) {
        this.servicePids = servicePids;
        this.postgresData = postgresData;
    }

    double serviceSeconds() {
        return servicePids.stream().mapToLong(pid -> ticks(pid, true)).sum() / TICKS;
    }

    double postgresSeconds() {
        Long postmaster = postmaster();
        if (postmaster == null) {
            return 0;
        }
        long total = ticks(postmaster, true);
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path p : processes.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String[] stat = stat(Long.parseLong(name));
                if (stat != null && Long.parseLong(stat[1]) == postmaster) {
                    total += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return total / TICKS;
        }
        return total / TICKS;
    }

    boolean measuresPostgres() {
        return postmaster() != null;
    }

    private Long postmaster() {
        if (postgresData == null) {
            return null;
        }
        try {
            return Long.parseLong(Files.readAllLines(postgresData.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime, and with children the time of waited-for children too. */
    private static long ticks(long pid, boolean children) {
        String[] stat = stat(pid);
        if (stat == null) {
            return 0;
        }
        long own = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        return children ? own + Long.parseLong(stat[13]) + Long.parseLong(stat[14]) : own;
    }

    /** The fields of /proc/pid/stat after the command name: [0] is the state (field 3), [1] the parent pid. */
    private static String[] stat(long pid) {
        try {
            String text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return text.substring(text.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
