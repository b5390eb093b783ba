package io.orderflow.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/**
 * The load benchmark: offers orders open loop at fixed rates against the embedded default (started here) or a
 * running instance, and reports placement latency, throughput and latency from placement to supplier acceptance,
 * read-model lag, processor lag, events and CPU seconds per order, beside PostgreSQL's own one-row commit rate
 * measured on the same server in the same run. See bench/README.md.
 */
public final class LoadBenchmark {

    private static final Duration SAMPLE = Duration.ofSeconds(5);

    /** One sample interval of the run. */
    record Sample(double atSeconds, Histogram placement, Histogram acceptance, Histogram viewLag, long created,
                  long accepted, Map<String, Long> behind, double serviceCpu, double postgresCpu, long commits,
                  int outstanding) {
    }

    private final LoadOptions options;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private long startNanos;

    private LoadBenchmark(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new LoadBenchmark(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String kind = options.store() != null ? "replay" : options.scenario();
        Path runDirectory = Files.createDirectories(Path.of("bench/results", runId + "-" + kind));
        log("run " + runId + ", results in " + runDirectory);
        try (var service = ServiceUnderTest.of(options, runDirectory)) {
            log("service at " + service.nodes + " (database " + service.jdbcUrl + ", sandbox " + service.sandbox + ")"
                    + (service.log == null ? "" : ", log " + service.log)
                    + (service.postgresData == null ? "" : ", data directory " + service.postgresData.getParent()));
            if (options.store() != null) {
                replayStore(service, runDirectory, runId);
                return;
            }
            var scenario = Scenario.of(options.scenario(), service.base, service.sandbox);
            scenario.prepare();
            log("scenario " + options.scenario() + " prepared; measuring PostgreSQL's one-row commit rate (10 s)");
            var yardstick = yardstick(service.jdbcUrl);
            var load = new OpenLoopLoad(service.nodes, scenario, runId, options.maxOutstanding());
            var cpu = new CpuMeter(service.pids, service.postgresData);
            try (var watch = new EventStoreWatch(service.jdbcUrl, load.dueAt);
                 var viewLag = new ViewLag(service.jdbcUrl)) {
                var report = measure(load, watch, viewLag, cpu, new WebhookAges(service.nodes));
                if (options.replay()) {
                    log("replaying every replayable read model from the store the load made");
                    report.put("replay", ReplayMeasurement.run(service.base, service.jdbcUrl, cpu));
                }
                report.put("yardstick", reported(yardstick));
                report.put("runId", runId);
                report.put("scenario", options.scenario());
                report.put("timeScale", options.timeScale());
                report.put("target", options.target() != null ? options.target().toString()
                        : options.nodes() == 0 ? "embedded default"
                        : options.nodes() + " node(s) beside a services JVM");
                report.put("nodes", Math.max(1, options.nodes()));
                report.put("machine", Runtime.getRuntime().availableProcessors() + " cores, Java "
                        + Runtime.version());
                Path json = runDirectory.resolve("result.json");
                Files.writeString(json, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
                log("results written to " + json);
                if (options.writeReadme()) {
                    appendReadmeRow(report, yardstick, runId);
                }
                summary(report);
            }
        }
    }

    /**
     * No load: the read models are replayed from the store an earlier run made ({@code --store}), a first pass to warm
     * the JIT up and then {@code --replays} measured ones, so that a change to a read model or to how events are read
     * is measured on the same history, build against build.
     */
    private void replayStore(ServiceUnderTest service, Path runDirectory, String runId) throws Exception {
        log("replaying the read models of " + options.store() + "; measuring PostgreSQL's one-row commit rate (10 s)");
        var yardstick = yardstick(service.jdbcUrl);
        var cpu = new CpuMeter(service.pids, service.postgresData);
        log("warm-up pass (not reported)");
        ReplayMeasurement.run(service.base, service.jdbcUrl, cpu);
        var passes = new ArrayList<Map<String, Object>>();
        for (int pass = 1; pass <= options.replays(); pass++) {
            log("pass " + pass + " of " + options.replays());
            passes.add(ReplayMeasurement.run(service.base, service.jdbcUrl, cpu));
        }
        var report = new LinkedHashMap<String, Object>();
        report.put("runId", runId);
        report.put("store", options.store().toString());
        report.put("replays", passes);
        report.put("yardstick", reported(yardstick));
        report.put("note", options.note());
        Path json = runDirectory.resolve("result.json");
        Files.writeString(json, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        log("results written to " + json);
    }

    private Map<String, Object> measure(OpenLoopLoad load, EventStoreWatch watch, ViewLag viewLag, CpuMeter cpu,
                                        WebhookAges webhookAges) throws Exception {
        startNanos = System.nanoTime();
        long headBefore = watch.head();
        double serviceCpuBefore = cpu.serviceSeconds();
        double postgresCpuBefore = cpu.postgresSeconds();
        long commitsBefore = watch.commits();
        long rowWritesBefore = watch.rowWrites();
        var sampler = Thread.ofPlatform().daemon().name("sampler").start(() -> sample(load, watch, viewLag, cpu));
        var poller = Thread.ofPlatform().daemon().name("event-store-poll").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    watch.poll();
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.err.println("event store poll: " + e);
                }
            }
        });
        int warmupRate = Math.max(10, options.rates().getFirst() / 2);
        log("warm-up: %d orders/s for %ds (not measured)".formatted(warmupRate, options.warmup().toSeconds()));
        load.offer(warmupRate, options.warmup(), false);
        viewLag.record(true);
        var steps = new ArrayList<Map<String, Object>>();
        var stepWindows = new ArrayList<long[]>();
        Integer sustained = null;
        for (int rate : options.rates()) {
            log("offering %d orders/s for %ds".formatted(rate, options.stepDuration().toSeconds()));
            double from = elapsed();
            long fromEpoch = System.currentTimeMillis();
            var agesBefore = webhookAges.scrape();
            load.offer(rate, options.stepDuration(), true);
            stepWindows.add(new long[] {fromEpoch, System.currentTimeMillis()});
            Thread.sleep(SAMPLE.toMillis() + 100);
            double to = elapsed();
            var step = step(rate, from, to);
            step.put("webhookAgeAtHandlingMs", WebhookAges.between(agesBefore, webhookAges.scrape()));
            steps.add(step);
            boolean held = Boolean.TRUE.equals(step.get("sustained"));
            log("step %d/s: %s".formatted(rate, held ? "sustained" : "NOT sustained"));
            if (held) {
                sustained = rate;
            } else if (options.ramp()) {
                break;
            }
        }
        viewLag.record(false);
        double loadEnded = elapsed();
        log("load ended; waiting for every processor to catch up (at most " + options.drainLimit().toSeconds() + "s)");
        Double caughtUpAfter = drain(load, watch);
        sampler.interrupt();
        poller.interrupt();
        watch.poll();
        var stages = watch.stagesAfter(headBefore);
        for (int i = 0; i < steps.size(); i++) {
            long[] window = stepWindows.get(i);
            steps.get(i).put("stagesMs", stages.summary(load.dueAt, due -> due >= window[0] && due < window[1]));
            steps.get(i).put("sandboxWebhooksMs", watch.sandboxDelays(window[0], window[1]));
        }
        long created = load.created.sum();
        long events = watch.head() - headBefore;
        double serviceCpu = cpu.serviceSeconds() - serviceCpuBefore;
        double postgresCpu = cpu.postgresSeconds() - postgresCpuBefore;

        var report = new LinkedHashMap<String, Object>();
        report.put("offeredRates", options.rates());
        report.put("stepSeconds", options.stepDuration().toSeconds());
        report.put("highestSustainedRate", sustained);
        report.put("steps", steps);
        report.put("ordersPlaced", created);
        report.put("ordersAccepted", watch.accepted.sum());
        report.put("failedPlacements", load.failures.entrySet().stream()
                .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> e.getValue().sum(), Long::sum, TreeMap::new)));
        report.put("missedSends", load.missed.sum());
        report.put("loadEndedAtSeconds", round(loadEnded));
        report.put("everyProcessorCaughtUpSecondsAfterLoad", caughtUpAfter == null ? "not within the drain limit"
                : round(caughtUpAfter));
        // the whole run's events, commits and CPU served every order it placed, the warm-up's too
        long inRun = load.placedInRun.sum();
        report.put("ordersPlacedInRun", inRun);
        report.put("eventsPerOrder", inRun == 0 ? null : round((double) events / inRun));
        long gaps = watch.gapsAfter(headBefore);
        report.put("eventStoreGaps", Map.of("count", gaps,
                "perThousandPositions", events == 0 ? 0 : round(gaps * 1000.0 / events)));
        long commits = watch.commits() - commitsBefore;
        long rowWrites = watch.rowWrites() - rowWritesBefore;
        report.put("postgresPerOrderWholeRun", Map.of(
                "commits", inRun == 0 ? 0 : round((double) commits / inRun),
                "rowsWritten", inRun == 0 ? 0 : round((double) rowWrites / inRun)));
        report.put("cpuMsPerOrderWholeRun", Map.of("service", inRun == 0 ? 0 : round(serviceCpu * 1000 / inRun),
                "postgres", inRun == 0 ? 0 : round(postgresCpu * 1000 / inRun),
                "measured", cpu.measuresPostgres() ? "service and postgres" : "service only"));
        report.put("perMinute", perMinute());
        report.put("samples", samples.stream().map(s -> Map.of("t", round(s.atSeconds()), "placedPerSec",
                s.created(), "acceptedPerSec", s.accepted(), "placementP99ms", ms(s.placement(), 99.0),
                "viewLagP99ms", s.viewLag().getValueAtPercentile(99.0), "behind", s.behind(),
                "outstanding", s.outstanding())).toList());
        return report;
    }

    private void sample(OpenLoopLoad load, EventStoreWatch watch, ViewLag viewLag, CpuMeter cpu) {
        long lastCreated = 0;
        long lastAccepted = 0;
        double lastService = cpu.serviceSeconds();
        double lastPostgres = cpu.postgresSeconds();
        long lastCommits = 0;
        try {
            lastCommits = watch.commits();
        } catch (Exception ignored) {
            // measured from the next sample
        }
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(SAMPLE.toMillis());
                long created = load.created.sum();
                long accepted = watch.accepted.sum();
                double service = cpu.serviceSeconds();
                double postgres = cpu.postgresSeconds();
                long commits = watch.commits();
                double seconds = SAMPLE.toMillis() / 1000.0;
                var sample = new Sample(elapsed(), load.placement.getIntervalHistogram(),
                        watch.acceptance.getIntervalHistogram(), viewLag.lag.getIntervalHistogram(),
                        Math.round((created - lastCreated) / seconds), Math.round((accepted - lastAccepted) / seconds),
                        watch.processorLag(), (service - lastService) / seconds, (postgres - lastPostgres) / seconds,
                        Math.round((commits - lastCommits) / seconds), load.outstanding());
                samples.add(sample);
                lastCreated = created;
                lastAccepted = accepted;
                lastService = service;
                lastPostgres = postgres;
                lastCommits = commits;
                progress(sample);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.err.println("sampler: " + e);
            }
        }
    }

    private void progress(Sample s) {
        var worst = s.behind().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(3).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        System.err.printf("[%5.0fs] placed %4d/s p99 %6.1f ms | accepted %4d/s p99 %6.0f ms | view lag p99 %5d ms |"
                        + " behind %s | cpu svc %.2f pg %.2f | pg commits %d/s | in flight %d%n",
                s.atSeconds(), s.created(), ms(s.placement(), 99.0), s.accepted(),
                (double) s.acceptance().getValueAtPercentile(99.0), s.viewLag().getValueAtPercentile(99.0),
                worst.isEmpty() ? "-" : worst, s.serviceCpu(), s.postgresCpu(), s.commits(), s.outstanding());
    }

    private Map<String, Object> step(int rate, double from, double to) {
        var inStep = samples.stream().filter(s -> s.atSeconds() > from + 0.5 && s.atSeconds() <= to + 0.5).toList();
        var placement = new Histogram(3);
        var acceptance = new Histogram(3);
        var viewLag = new Histogram(3);
        double created = 0;
        double accepted = 0;
        double service = 0;
        double postgres = 0;
        double commits = 0;
        var maxBehind = new TreeMap<String, Long>();
        for (var s : inStep) {
            placement.add(s.placement());
            acceptance.add(s.acceptance());
            viewLag.add(s.viewLag());
            created += s.created();
            accepted += s.accepted();
            service += s.serviceCpu();
            postgres += s.postgresCpu();
            commits += s.commits();
            s.behind().forEach((k, v) -> maxBehind.merge(k, v, Math::max));
        }
        int n = Math.max(1, inStep.size());
        // the second half of the step: a rate is held when acceptances keep pace and no processor keeps falling behind
        var secondHalf = inStep.subList(inStep.size() / 2, inStep.size());
        double acceptedLate = secondHalf.stream().mapToLong(Sample::accepted).average().orElse(0);
        long behindAtEnd = inStep.isEmpty() ? 0 : inStep.getLast().behind().values().stream()
                .mapToLong(Long::longValue).max().orElse(0);
        boolean sustained = acceptedLate >= 0.95 * rate && behindAtEnd <= Math.max(2000, rate * 3L);
        var step = new LinkedHashMap<String, Object>();
        step.put("offeredPerSec", rate);
        step.put("placedPerSec", round(created / n));
        step.put("acceptedPerSec", round(accepted / n));
        step.put("acceptedPerSecSecondHalf", round(acceptedLate));
        step.put("sustained", sustained);
        step.put("placementMs", Map.of("p50", ms(placement, 50), "p99", ms(placement, 99), "p999", ms(placement, 99.9),
                "max", round(placement.getMaxValue() / 1000.0)));
        step.put("placementToAcceptanceMs", Map.of("p50", acceptance.getValueAtPercentile(50),
                "p99", acceptance.getValueAtPercentile(99), "max", acceptance.getMaxValue()));
        step.put("viewLagMs", Map.of("p50", viewLag.getValueAtPercentile(50), "p99", viewLag.getValueAtPercentile(99),
                "max", viewLag.getMaxValue()));
        step.put("maxEventsBehind", maxBehind);
        step.put("eventsBehindAtEnd", behindAtEnd);
        step.put("cpuCores", Map.of("service", round(service / n), "postgres", round(postgres / n)));
        step.put("cpuMsPerOrder", Map.of("service", created == 0 ? 0 : round(service / created * 1000),
                "postgres", created == 0 ? 0 : round(postgres / created * 1000)));
        step.put("postgresCommitsPerSec", round(commits / n));
        return step;
    }

    /** Accepted orders and placement p99 per minute, to compare the end of a soak with its start. */
    private List<Map<String, Object>> perMinute() {
        var minutes = new TreeMap<Integer, List<Sample>>();
        for (var s : samples) {
            minutes.computeIfAbsent((int) ((s.atSeconds() - 0.001) / 60), m -> new ArrayList<>()).add(s);
        }
        var rows = new ArrayList<Map<String, Object>>();
        minutes.forEach((minute, list) -> {
            var placement = new Histogram(3);
            list.forEach(s -> placement.add(s.placement()));
            rows.add(Map.of("minute", minute + 1,
                    "placedPerSec", round(list.stream().mapToLong(Sample::created).average().orElse(0)),
                    "acceptedPerSec", round(list.stream().mapToLong(Sample::accepted).average().orElse(0)),
                    "placementP99ms", ms(placement, 99)));
        });
        return rows;
    }

    /** Seconds after the load ended until every order was accepted, every processor at the head and nothing moved. */
    private Double drain(OpenLoopLoad load, EventStoreWatch watch) throws Exception {
        double ended = elapsed();
        long deadline = System.nanoTime() + options.drainLimit().toNanos();
        long lastHead = -1;
        Double caughtUp = null;
        long stableSince = 0;
        while (System.nanoTime() < deadline) {
            watch.poll();
            long head = watch.head();
            boolean allAccepted = load.outstanding() == 0 && watch.accepted.sum() >= load.created.sum();
            boolean atHead = watch.processorLag().values().stream().allMatch(v -> v == 0);
            if (allAccepted && atHead) {
                if (caughtUp == null) {
                    caughtUp = elapsed() - ended;
                    log("every order accepted and every processor at the head %.1fs after the load".formatted(caughtUp));
                }
                if (head == lastHead) {
                    if (System.nanoTime() - stableSince > Duration.ofSeconds(15).toNanos()) {
                        return caughtUp;
                    }
                } else {
                    stableSince = System.nanoTime();
                }
            } else {
                caughtUp = null;
                stableSince = System.nanoTime();
            }
            lastHead = head;
            Thread.sleep(1000);
        }
        return caughtUp;
    }

    private void appendReadmeRow(Map<String, Object> report, CommitYardstick.Result yardstick, String runId)
            throws IOException {
        Path readme = Path.of("bench/README.md");
        String header = "\n## Load benchmark results\n\n"
                + "| run | scenario | offered/s | accepted/s | sustained | placement p50 / p99 / p99.9 ms "
                + "| placement→acceptance p50 / p99 ms | view lag p99 ms | events/order | CPU ms/order svc / pg "
                + "| PG 1-row commits/s (JDBC / pgbench) | caught up after | note |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
        String text = Files.exists(readme) ? Files.readString(readme) : "";
        var rows = new StringBuilder(text.contains("## Load benchmark results") ? "" : header);
        String replays = replaySummary(report);
        @SuppressWarnings("unchecked")
        var steps = (List<Map<String, Object>>) report.get("steps");
        for (var step : steps) {
            @SuppressWarnings("unchecked") var p = (Map<String, Object>) step.get("placementMs");
            @SuppressWarnings("unchecked") var a = (Map<String, Object>) step.get("placementToAcceptanceMs");
            @SuppressWarnings("unchecked") var v = (Map<String, Object>) step.get("viewLagMs");
            @SuppressWarnings("unchecked") var c = (Map<String, Object>) step.get("cpuMsPerOrder");
            rows.append("| %s | %s | %s | %s | %s | %s / %s / %s | %s / %s | %s | %s | %s / %s | %.0f / %s | %s | %s |\n"
                    .formatted(runId, report.get("scenario"), step.get("offeredPerSec"), step.get("acceptedPerSec"),
                            Boolean.TRUE.equals(step.get("sustained")) ? "yes" : "no", p.get("p50"), p.get("p99"),
                            p.get("p999"), a.get("p50"), a.get("p99"), v.get("p99"), report.get("eventsPerOrder"),
                            c.get("service"), c.get("postgres"), yardstick.jdbcCommitsPerSecond(),
                            yardstick.pgbenchCommitsPerSecond() == null ? "-"
                                    : "%.0f".formatted(yardstick.pgbenchCommitsPerSecond()),
                            report.get("everyProcessorCaughtUpSecondsAfterLoad"),
                            (options.stepDuration().toSeconds() + " s per step " + options.note() + replays).trim()));
        }
        Files.writeString(readme, rows.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** "; replay of 29,400 events: order-view 5,100/s, ..." for the README row, or nothing. */
    @SuppressWarnings("unchecked")
    private static String replaySummary(Map<String, Object> report) {
        if (!(report.get("replay") instanceof Map<?, ?> replay)) {
            return "";
        }
        var text = new StringBuilder("; replay of %,d events:".formatted((Long) replay.get("storedEvents")));
        replay.forEach((model, result) -> {
            if (result instanceof Map<?, ?> r) {
                text.append(" %s %s".formatted(model, r.get("eventsPerSecond") == null ? r.get("status")
                        : "%,d/s".formatted((Long) r.get("eventsPerSecond"))));
            }
        });
        return text.toString();
    }

    private void summary(Map<String, Object> report) {
        System.err.println();
        System.err.println("highest sustained rate: " + report.get("highestSustainedRate") + " orders/s; "
                + report.get("ordersPlaced") + " placed, " + report.get("ordersAccepted") + " accepted, failed "
                + report.get("failedPlacements") + ", missed sends " + report.get("missedSends"));
        System.err.println("events per order " + report.get("eventsPerOrder") + "; PostgreSQL per order "
                + report.get("postgresPerOrderWholeRun") + "; CPU ms per order (whole run) "
                + report.get("cpuMsPerOrderWholeRun") + "; gaps in the global index " + report.get("eventStoreGaps")
                + "; caught up "
                + report.get("everyProcessorCaughtUpSecondsAfterLoad") + " s after the load");
        @SuppressWarnings("unchecked")
        var steps = (List<Map<String, Object>>) report.get("steps");
        steps.forEach(step -> System.err.println("stages at " + step.get("offeredPerSec") + "/s, ms p50/p99: "
                + step.get("stagesMs") + "; the sandbox's webhooks: " + step.get("sandboxWebhooksMs")
                + "; their age when the service's consumer handled them (from Kafka): "
                + step.get("webhookAgeAtHandlingMs")));
    }

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double ms(Histogram micros, double percentile) {
        return round(micros.getValueAtPercentile(percentile) / 1000.0);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** PostgreSQL's one-row commit rate on the service's server, measured for 10 s and logged. */
    private static CommitYardstick.Result yardstick(String jdbcUrl) throws Exception {
        var yardstick = CommitYardstick.measure(jdbcUrl, Duration.ofSeconds(10));
        log("PostgreSQL one-row commits/s, 16 clients: %.0f over JDBC%s".formatted(yardstick.jdbcCommitsPerSecond(),
                yardstick.pgbenchCommitsPerSecond() == null ? " (pgbench not installed)"
                        : ", %.0f with pgbench".formatted(yardstick.pgbenchCommitsPerSecond())));
        return yardstick;
    }

    private static Map<String, Object> reported(CommitYardstick.Result yardstick) {
        return Map.of("jdbcCommitsPerSecond", Math.round(yardstick.jdbcCommitsPerSecond()),
                "pgbenchCommitsPerSecond", yardstick.pgbenchCommitsPerSecond() == null ? "not installed"
                        : Math.round(yardstick.pgbenchCommitsPerSecond()));
    }

    private static void log(String line) {
        System.err.println("[load] " + line);
    }
}
