package io.orderflow.bench.load;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one run of the load benchmark does. Either one fixed rate ({@code --rate}) held for {@code --duration}, or a
 * ramp ({@code --ramp 100,200,300}) that holds each rate for {@code --step} and reports the highest one sustained.
 */
record LoadOptions(
        String scenario,
        List<Integer> rates,
        Duration stepDuration,
        Duration warmup,
        Duration drainLimit,
        URI target,
        String jdbcUrl,
        URI sandbox,
        Long servicePid,
        String postgresDataDir,
        double timeScale,
        String serviceJvmOptions,
        int nodes,
        int maxOutstanding,
        boolean writeReadme,
        boolean replay,
        Path store,
        int replays,
        String note) {

    static final String USAGE = """
            usage: bench/load.sh [options]
              --scenario flash-sale|catalog|shopify   (flash-sale)
              --rate N                 offered orders/s, open loop          (100)
              --duration D             how long to hold it, e.g. 10m, 90s   (2m)
              --ramp R1,R2,...         hold each rate for --step, report the highest sustained
              --step D                 (60s)
              --warmup D               a quarter of the first rate, not measured (20s)
              --drain D                how long to wait for every processor to catch up (5m)
              --time-scale F           the embedded sandbox's delays x F (1.0: accepts after 1.5 s)
              --service-jvm-opts "..." JVM options for the embedded service (and each node)
              --nodes N                N orderflow nodes in JVMs of their own beside a services JVM
                                       (--orderflow.roles=services: PostgreSQL, Kafka, sandbox); orders
                                       go round-robin through the nodes (0: one all-in-one JVM)
              --target URL             a running orderflow instead of starting one; then also
                --db JDBC-URL          its PostgreSQL (user/password orderflow, or ORDERFLOW_DB_USER/PASSWORD)
                --sandbox URL          its supplier sandbox (http://localhost:8091)
                --service-pid PID      for CPU seconds per order (optional)
                --pg-data-dir DIR      PostgreSQL's data directory, for its CPU seconds (optional)
              --max-outstanding N      requests in flight before the sender counts a miss (5000)
              --replay                 after the drain, rebuild every replayable read model from the store
                                       the load made, one after another, and report events/s and CPU
              --store DIR              start the embedded default on a copy of DIR, the data directory an
                                       earlier run left (its path is in that run's log); then no scenario is
                                       prepared and no load is offered: every replayable read model is
                                       replayed --replays times (the first pass warms the JIT up, unreported)
              --replays N              measured passes with --store (2)
              --no-readme              do not add a row to bench/README.md
              --note TEXT              a remark for the README row
            """;

    static LoadOptions parse(String[] args) {
        String scenario = "flash-sale";
        List<Integer> rates = new ArrayList<>(List.of(100));
        Duration step = null;
        Duration duration = Duration.ofMinutes(2);
        Duration warmup = Duration.ofSeconds(20);
        Duration drain = Duration.ofMinutes(5);
        URI target = null;
        String db = null;
        URI sandbox = null;
        Long pid = null;
        String pgData = null;
        double timeScale = 1.0;
        String jvm = "";
        int maxOutstanding = 5000;
        int nodes = 0;
        boolean readme = true;
        boolean replay = false;
        Path store = null;
        int replays = 2;
        String note = "";
        boolean ramp = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--scenario" -> scenario = args[++i];
                case "--rate" -> rates = List.of(Integer.parseInt(args[++i]));
                case "--ramp" -> {
                    rates = new ArrayList<>();
                    for (String r : args[++i].split(",")) {
                        rates.add(Integer.parseInt(r.trim()));
                    }
                    ramp = true;
                }
                case "--duration" -> duration = duration(args[++i]);
                case "--step" -> step = duration(args[++i]);
                case "--warmup" -> warmup = duration(args[++i]);
                case "--drain" -> drain = duration(args[++i]);
                case "--target" -> target = URI.create(args[++i]);
                case "--db" -> db = args[++i];
                case "--sandbox" -> sandbox = URI.create(args[++i]);
                case "--service-pid" -> pid = Long.parseLong(args[++i]);
                case "--pg-data-dir" -> pgData = args[++i];
                case "--time-scale" -> timeScale = Double.parseDouble(args[++i]);
                case "--service-jvm-opts" -> jvm = args[++i];
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--max-outstanding" -> maxOutstanding = Integer.parseInt(args[++i]);
                case "--no-readme" -> readme = false;
                case "--replay" -> replay = true;
                case "--store" -> store = Path.of(args[++i]);
                case "--replays" -> replays = Integer.parseInt(args[++i]);
                case "--note" -> note = args[++i];
                case "-h", "--help" -> {
                    System.out.print(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (!List.of("flash-sale", "catalog", "shopify").contains(scenario)) {
            throw new IllegalArgumentException("unknown scenario " + scenario + "\n" + USAGE);
        }
        if (nodes < 0 || nodes > 0 && target != null) {
            throw new IllegalArgumentException("--nodes starts nodes of its own: not with --target\n" + USAGE);
        }
        if (store != null && (target != null || nodes > 0)) {
            throw new IllegalArgumentException("--store starts the embedded default: not with --target or --nodes\n"
                    + USAGE);
        }
        if (store != null && !Files.isDirectory(store.resolve("postgres"))) {
            throw new IllegalArgumentException("--store " + store + " is not a data directory a run left (no postgres/)");
        }
        if (target != null && db == null) {
            throw new IllegalArgumentException("--target needs --db (the instance's PostgreSQL)\n" + USAGE);
        }
        Duration hold = ramp ? (step == null ? Duration.ofSeconds(60) : step) : duration;
        return new LoadOptions(scenario, List.copyOf(rates), hold, warmup, drain, target, db,
                sandbox == null && target != null ? URI.create("http://localhost:8091") : sandbox, pid, pgData,
                timeScale, jvm, nodes, maxOutstanding, readme, replay || store != null, store, replays, note);
    }

    boolean ramp() {
        return rates.size() > 1;
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofSeconds(Long.parseLong(t));
        };
    }
}
