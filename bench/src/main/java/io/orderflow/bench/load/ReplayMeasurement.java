package io.orderflow.bench.load;

import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Rebuilds every read model an auditor may replay ({@code GET /api/v1/audit/read-models}), one after another, from the
 * store the load has just made, through the public replay API, and reports each one's speed: events in the store
 * over the time between the replay's start and the moment its processor passed the store's head (both recorded by the
 * service), with the CPU the service and PostgreSQL spent meanwhile. A store made by real load is what the issue asks
 * to measure on: it has the gaps, event mix and sizes that a synthetic one lacks.
 */
final class ReplayMeasurement {

    static final String PLATFORM_KEY = "dev-platform-key";
    private static final Duration LIMIT = Duration.ofMinutes(15);

    private ReplayMeasurement() {
    }

    static Map<String, Object> run(URI base, String jdbcUrl, CpuMeter cpu) throws Exception {
        long events = storedEvents(jdbcUrl);
        var results = new LinkedHashMap<String, Object>();
        results.put("storedEvents", events);
        for (JsonNode model : Http.call("GET", base.resolve("/api/v1/audit/read-models"), PLATFORM_KEY, null)) {
            String readModel = model.asString();
            double serviceBefore = cpu.serviceSeconds();
            double postgresBefore = cpu.postgresSeconds();
            var started = Http.call("POST", base.resolve("/api/v1/audit/replays"), PLATFORM_KEY,
                    Map.of("readModel", readModel));
            String id = started.get("replayId").asString();
            long deadline = System.nanoTime() + LIMIT.toNanos();
            JsonNode replay = started;
            while (!"COMPLETED".equals(replay.get("status").asString()) && System.nanoTime() < deadline) {
                if ("FAILED".equals(replay.get("status").asString())) {
                    break;
                }
                Thread.sleep(250);
                replay = Http.call("GET", base.resolve("/api/v1/audit/replays/" + id), PLATFORM_KEY, null);
            }
            double serviceCpu = cpu.serviceSeconds() - serviceBefore;
            double postgresCpu = cpu.postgresSeconds() - postgresBefore;
            var result = new LinkedHashMap<String, Object>();
            result.put("status", replay.get("status").asString());
            if ("COMPLETED".equals(replay.get("status").asString())) {
                double seconds = Duration.between(Instant.parse(replay.get("startedAt").asString()),
                        Instant.parse(replay.get("finishedAt").asString())).toMillis() / 1000.0;
                result.put("seconds", round(seconds));
                result.put("eventsPerSecond", Math.round(events / Math.max(seconds, 0.001)));
                result.put("cpuMsPer1000Events", Map.of("service", round(serviceCpu * 1e6 / Math.max(events, 1)),
                        "postgres", round(postgresCpu * 1e6 / Math.max(events, 1))));
            }
            results.put(readModel, result);
            System.err.println("[load] replay of " + readModel + ": " + result);
        }
        return results;
    }

    private static long storedEvents(String jdbcUrl) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl, ServiceUnderTest.DB_USER, ServiceUnderTest.DB_PASSWORD);
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM domainevententry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
