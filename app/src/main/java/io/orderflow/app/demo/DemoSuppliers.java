package io.orderflow.app.demo;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.stock.StockPositionId;
import io.orderflow.infra.supplier.SupplierRegistry;
import io.orderflow.infra.supplier.SupplierRegistry.CatalogItem;
import io.orderflow.infra.supplier.SupplierRegistry.Registration;
import io.orderflow.sandbox.BehaviourProfile;
import io.orderflow.sandbox.SandboxConfig;
import io.orderflow.sandbox.SimulatedSupplier;
import io.orderflow.sandbox.StockLevel;
import io.orderflow.sandbox.SupplierSandbox;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The embedded default's suppliers: three sandbox partners of the retailer demo-retailer, with a demo
 * catalog and stock. Registration is repeated at every start (an upsert); the stock report carries a
 * fixed source time, so after the first start it is older than what was applied and changes nothing.
 */
@Component
@ConditionalOnProperty(name = "orderflow.sandbox.enabled", havingValue = "true")
public class DemoSuppliers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoSuppliers.class);
    public static final RetailerId RETAILER = new RetailerId("demo-retailer");
    static final Instant SEEDED_AS_OF = Instant.parse("2026-01-01T00:00:00Z");

    record DemoSupplier(String id, String name, String location, List<String> shipsTo, int priority,
                        List<Item> items) {
    }

    record Item(String sku, String supplierSku, int unitsPerItem, String unitCost, int stock) {
    }

    static final List<DemoSupplier> SUPPLIERS = List.of(
            new DemoSupplier("berlin-gear", "Berlin Gear GmbH", "berlin", List.of("DE", "AT", "NL", "FR", "PL"), 1,
                    List.of(new Item("TSHIRT-BLACK-M", "BG-TS-BLK-M", 1, "6.50", 120),
                            new Item("MUG-LOGO", "BG-MUG-01", 1, "3.20", 80),
                            new Item("SOCKS-3PACK", "BG-SOCK", 3, "1.10", 300))),
            new DemoSupplier("lyon-outfitters", "Lyon Outfitters SARL", "lyon", List.of("FR", "BE", "DE", "ES", "IT"), 2,
                    List.of(new Item("TSHIRT-BLACK-M", "LO-1001", 1, "6.10", 60),
                            new Item("HOODIE-GREY-L", "LO-2002", 1, "18.00", 40),
                            new Item("MUG-LOGO", "LO-3003", 1, "3.60", 50))),
            new DemoSupplier("rotterdam-3pl", "Rotterdam 3PL B.V.", "rotterdam", List.of("NL", "BE", "DE", "GB"), 3,
                    List.of(new Item("HOODIE-GREY-L", "R3-HOOD-L", 1, "17.50", 25),
                            new Item("POSTER-LIMITED", "R3-POSTER-LTD", 1, "12.00", 5))));

    private final DataSource dataSource;
    private final SupplierRegistry registry;
    private final CommandGateway commands;
    private final Environment environment;
    private final int port;
    private final double timeScale;
    private final Duration acceptanceSla;
    private volatile SupplierSandbox sandbox;

    DemoSuppliers(DataSource dataSource, SupplierRegistry registry, CommandGateway commands, Environment environment,
                  @Value("${orderflow.sandbox.port:8091}") int port,
                  @Value("${orderflow.sandbox.time-scale:1.0}") double timeScale,
                  @Value("${orderflow.sandbox.acceptance-sla:PT30M}") Duration acceptanceSla) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.commands = commands;
        this.environment = environment;
        this.port = port;
        this.timeScale = timeScale;
        this.acceptanceSla = acceptanceSla;
    }

    /**
     * Once the HTTP port is known (tests use a random one): start the sandbox pointed at it, register
     * its suppliers, and report their stock through the StockPosition aggregates.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        var serverPort = environment.getRequiredProperty("local.server.port");
        var profile = new BehaviourProfile(scaled(1500), scaled(4000), scaled(6000), scaled(9000), "DHL", false);
        var simulated = SUPPLIERS.stream().map(s -> new SimulatedSupplier(s.id(), apiSecret(s.id()),
                webhookSecret(s.id()), profile,
                s.items().stream().map(i -> new StockLevel(i.supplierSku(), s.location(), i.stock())).toList())).toList();
        sandbox = SupplierSandbox.start(new SandboxConfig(port, URI.create("http://localhost:" + serverPort),
                simulated), dataSource);
        for (var s : SUPPLIERS) {
            registry.register(new Registration(s.id(), RETAILER.value(), s.name(), "PARTNER_REST",
                    sandbox.partnerBaseUrl(s.id()), apiSecret(s.id()), List.of(webhookSecret(s.id())), s.shipsTo(),
                    List.of(s.location()), s.priority(), acceptanceSla, true,
                    s.items().stream().map(i -> new CatalogItem(i.sku(), i.supplierSku(), i.unitsPerItem(),
                            new BigDecimal(i.unitCost()), "EUR")).toList()));
            var supplier = new SupplierId(s.id());
            for (var item : s.items()) {
                commands.sendAndWait(new ReportStockLevelCommand(StockPositionId.of(supplier, s.location(),
                        item.supplierSku()), RETAILER, supplier, s.location(), item.supplierSku(), item.stock(),
                        SEEDED_AS_OF));
            }
        }
        log.info("sandbox suppliers {} listening on {}", SUPPLIERS.stream().map(DemoSupplier::id).toList(),
                sandbox.baseUrl());
    }

    public SupplierSandbox sandbox() {
        return sandbox;
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    // Development-only secrets of simulated suppliers; real suppliers' secrets come from their registration.
    private static String apiSecret(String supplierId) {
        return "sandbox-api-" + supplierId;
    }

    private static String webhookSecret(String supplierId) {
        return "sandbox-webhook-" + supplierId;
    }

    private Duration scaled(long millis) {
        return Duration.ofMillis(Math.round(millis * timeScale));
    }
}
