package io.orderflow.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every read-model table has one owner: the projections write it and query-side reads it; the write side and infra
 * ask query-side (query handlers, or the command ports it implements). Axon's own tables are read only by infra, which
 * wires Axon (the audit trail streams the stored events as they are; metrics and cluster read the tokens), and by the
 * benchmark. Checked in the source, since SQL is text that no import shows.
 */
class TableOwnershipTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** SQL is written in capitals here, which keeps prose ("from the supplier") out of the rule. */
    static final Pattern WRITE = Pattern.compile(
            "\\b(?:INSERT\\s+INTO\\s+([a-z_]+)|DELETE\\s+FROM\\s+([a-z_]+)|UPDATE\\s+([a-z_]+)\\s+SET)\\b");
    static final Set<String> AXON_TABLES = Set.of("domainevententry", "snapshotevententry", "tokenentry", "sagaentry",
            "associationvalueentry", "deadletterentry");

    @Test
    void theProjectionsOwnTheirTablesAndOnlyQuerySideReadsThem() {
        var readModels = new TreeSet<String>();
        sources("projections").forEach(file -> {
            var matcher = WRITE.matcher(read(file));
            while (matcher.find()) {
                for (int group = 1; group <= 3; group++) {
                    if (matcher.group(group) != null) {
                        readModels.add(matcher.group(group));
                    }
                }
            }
        });
        assertThat(readModels).as("tables the projections write").contains("order_view", "supplier",
                "stock_availability", "routing_decision", "backordered_line");

        var trespasses = trespasses(readModels, List.of("projections", "query-side"));
        assertThat(trespasses).as("SQL on read-model tables outside projections and query-side").isEmpty();
    }

    @Test
    void axonsTablesAreReadOnlyWhereAxonIsWired() {
        assertThat(trespasses(AXON_TABLES, List.of("infra", "bench")))
                .as("SQL on Axon's tables outside infra and the benchmark").isEmpty();
    }

    @Test
    void theRuleSeesSqlWhereverItIs() {
        var sql = "SELECT order_id FROM supplier_order_link l JOIN order_view v ON v.order_id = l.order_id";
        assertThat(touches(sql, "order_view")).isTrue();
        assertThat(touches(sql, "supplier")).isFalse();
        assertThat(touches("UPDATE supplier SET active = false", "supplier")).isTrue();
    }

    static List<String> trespasses(Set<String> tables, List<String> owners) {
        var found = new ArrayList<String>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            modules.filter(module -> Files.isDirectory(module.resolve("src/main/java")))
                    .filter(module -> !owners.contains(module.getFileName().toString()))
                    .forEach(module -> sources(module.getFileName().toString()).forEach(file -> {
                        var text = read(file);
                        for (String table : tables) {
                            if (touches(text, table)) {
                                found.add(ROOT.relativize(file) + " -> " + table);
                            }
                        }
                    }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static boolean touches(String text, String table) {
        return Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE)\\s+" + table + "\\b").matcher(text).find();
    }

    static List<Path> sources(String module) {
        try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
