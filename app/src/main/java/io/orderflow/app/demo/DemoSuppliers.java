package io.orderflow.app.demo;

import io.orderflow.coreapi.routing.FindRoutingPolicyQuery;
import io.orderflow.coreapi.routing.PublishRoutingPolicyCommand;
import io.orderflow.coreapi.routing.RoutingPolicyId;
import io.orderflow.coreapi.routing.RoutingPolicyView;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.FindSupplierQuery;
import io.orderflow.coreapi.supplier.PublishSupplierCatalogCommand;
import io.orderflow.coreapi.supplier.RegisterSupplierCommand;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.gateway.port.SupplierSecretStore;
import io.orderflow.gateway.port.TrustedSupplierOrigins;
import io.orderflow.infra.cluster.ConditionalOnRole;
import io.orderflow.infra.cluster.NodeRole;
import io.orderflow.sandbox.suppliers.BehaviourProfile;
import io.orderflow.sandbox.SandboxConfig;
import io.orderflow.sandbox.suppliers.SimulatedSupplier;
import io.orderflow.sandbox.stock.StockLevel;
import io.orderflow.sandbox.SupplierSandbox;
import io.orderflow.sandbox.orders.ShopifyIds;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The embedded default's suppliers: three sandbox partners and one sandbox Shopify store of the retailer demo-retailer, with a demo catalog,
 * stock and a routing policy, all set through the same commands the admin API sends. They are sent again at every
 * start; a command that changes nothing emits nothing, and the stock report carries a fixed source time, so after
 * the first start it is older than what was applied and changes nothing either.
 */
@Component
@ConditionalOnProperty(name = "orderflow.sandbox.enabled", havingValue = "true")
@ConditionalOnRole(NodeRole.COMMAND)
public class DemoSuppliers implements AutoCloseable, TrustedSupplierOrigins {

    private static final Logger log = LoggerFactory.getLogger(DemoSuppliers.class);
    public static final RetailerId RETAILER = new RetailerId("demo-retailer");
    static final Instant SEEDED_AS_OF = Instant.parse("2026-01-01T00:00:00Z");
    static final int HANDLING_DAYS = 1;
    static final int DAILY_CAPACITY = 10_000;
    private static final Duration DIRECTORY_WAIT = Duration.ofSeconds(30);

    /** shopDomain: a Shopify store (SHOPIFY connector); null for a partner (PARTNER_REST). */
    record DemoSupplier(String id, String name, SupplierLocation location, List<String> shipsTo, int priority,
                        List<Item> items, String shopDomain) {

        DemoSupplier(String id, String name, SupplierLocation location, List<String> shipsTo, int priority,
                     List<Item> items) {
            this(id, name, location, shipsTo, priority, items, null);
        }
    }

    record Item(String sku, String supplierSku, int unitsPerItem, String unitCost, int stock) {
    }

    static final List<DemoSupplier> SUPPLIERS = List.of(
            new DemoSupplier("berlin-gear", "Berlin Gear GmbH", new SupplierLocation("berlin", 52.52, 13.405, "DE", "BE"),
                    List.of("DE", "AT", "NL", "FR", "PL"), 1,
                    List.of(new Item("TSHIRT-BLACK-M", "BG-TS-BLK-M", 1, "6.5", 120),
                            new Item("MUG-LOGO", "BG-MUG-01", 1, "3.2", 80),
                            new Item("SOCKS-3PACK", "BG-SOCK", 3, "1.1", 300))),
            new DemoSupplier("lyon-outfitters", "Lyon Outfitters SARL",
                    new SupplierLocation("lyon", 45.764, 4.8357, "FR", "ARA"), List.of("FR", "BE", "DE", "ES", "IT"), 2,
                    List.of(new Item("TSHIRT-BLACK-M", "LO-1001", 1, "6.1", 60),
                            new Item("HOODIE-GREY-L", "LO-2002", 1, "18", 40),
                            new Item("MUG-LOGO", "LO-3003", 1, "3.6", 50))),
            new DemoSupplier("rotterdam-3pl", "Rotterdam 3PL B.V.",
                    new SupplierLocation("rotterdam", 51.9244, 4.4777, "NL", "ZH"), List.of("NL", "BE", "DE", "GB"), 3,
                    List.of(new Item("HOODIE-GREY-L", "R3-HOOD-L", 1, "17.5", 25),
                            new Item("POSTER-LIMITED", "R3-POSTER-LTD", 1, "12", 5))));

    /** Shopify stores, simulated by the sandbox's GraphQL Admin API at a base URL per shop. */
    static final List<DemoSupplier> SHOPS = List.of(
            new DemoSupplier("amsterdam-shop", "Amsterdam Streetwear (Shopify)",
                    new SupplierLocation("amsterdam", 52.3676, 4.9041, "NL", "NH"), List.of("NL", "BE", "DE", "FR"), 4,
                    List.of(new Item("CAP-ORANGE", "AS-CAP-OR", 1, "7.5", 200),
                            new Item("TOTE-CANVAS", "AS-TOTE", 2, "2.4", 400)),
                    shopDomain("amsterdam-shop")));
    static final String SHOPIFY_API_VERSION = "2025-10";

    private final DataSource dataSource;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final SupplierSecretStore secrets;
    private final Environment environment;
    private final int port;
    private final double timeScale;
    private final Duration acceptanceSla;
    private final List<String> extraSuppliers;
    private final List<String> extraShops;
    private final String externalSandbox;
    private volatile SupplierSandbox sandbox;
    private volatile URI sandboxUrl;

    DemoSuppliers(DataSource dataSource, CommandGateway commands, QueryGateway queries, SupplierSecretStore secrets,
                  Environment environment,
                  @Value("${orderflow.sandbox.port:8091}") int port,
                  @Value("${orderflow.sandbox.time-scale:1.0}") double timeScale,
                  @Value("${orderflow.sandbox.acceptance-sla:PT30M}") Duration acceptanceSla,
                  @Value("${orderflow.sandbox.extra-suppliers:}") List<String> extraSuppliers,
                  @Value("${orderflow.sandbox.extra-shops:}") List<String> extraShops,
                  @Value("${orderflow.sandbox.url:}") String externalSandbox) {
        this.externalSandbox = externalSandbox.trim();
        this.dataSource = dataSource;
        this.commands = commands;
        this.queries = queries;
        this.secrets = secrets;
        this.environment = environment;
        this.port = port;
        this.timeScale = timeScale;
        this.acceptanceSla = acceptanceSla;
        this.extraSuppliers = extraSuppliers;
        this.extraShops = extraShops;
    }

    /**
     * Once the HTTP port is known (tests use a random one): start the sandbox pointed at it, register its suppliers
     * and their catalogs, report their stock through the StockPosition aggregates, publish the routing policy, and
     * wait until the supplier directory shows all of it, so that the first order finds its suppliers.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        URI sandboxUrl;
        if (externalSandbox.isEmpty()) {
            var serverPort = environment.getRequiredProperty("local.server.port");
            sandbox = SupplierSandbox.start(new SandboxConfig(port, URI.create("http://localhost:" + serverPort),
                    simulatedSuppliers(timeScale, extraSuppliers, extraShops)), dataSource);
            sandboxUrl = sandbox.baseUrl();
        } else {
            // started by the services node (--orderflow.roles=services), with webhooks to a gateway node
            sandboxUrl = URI.create(externalSandbox.replaceAll("/+$", ""));
        }
        this.sandboxUrl = sandboxUrl;
        for (var s : all()) {
            var supplier = new SupplierId(s.id());
            var connector = s.shopDomain() == null
                    ? new SupplierConnector("PARTNER_REST", SupplierSandbox.partnerBaseUrl(sandboxUrl, s.id()).toString(), null, null)
                    : new SupplierConnector("SHOPIFY", SupplierSandbox.shopifyBaseUrl(sandboxUrl, s.id()).toString(), s.shopDomain(),
                            SHOPIFY_API_VERSION);
            int version = commands.sendAndWait(new RegisterSupplierCommand(supplier, RETAILER, s.name(), connector,
                    List.of(s.location()), Set.copyOf(s.shipsTo()), HANDLING_DAYS, acceptanceSla, DAILY_CAPACITY,
                    s.priority(), true));
            secrets.store(s.id(), apiSecret(s.id()), List.of(webhookSecret(s.id()))).block(DIRECTORY_WAIT);
            int catalogVersion = commands.sendAndWait(new PublishSupplierCatalogCommand(supplier, RETAILER,
                    s.items().stream().map(i -> new CatalogItem(new Sku(i.sku()), i.supplierSku(),
                            s.shopDomain() == null ? null : ShopifyIds.variantId(i.supplierSku()),
                            i.unitsPerItem(), new Money(new BigDecimal(i.unitCost()), "EUR"))).toList()));
            for (var item : s.items()) {
                commands.sendAndWait(new ReportStockLevelCommand(StockPositionId.of(supplier, s.location().locationId(),
                        item.supplierSku()), RETAILER, supplier, s.location().locationId(), item.supplierSku(),
                        item.stock(), SEEDED_AS_OF));
            }
            awaitDirectory(new FindSupplierQuery(supplier, RETAILER), SupplierView.class,
                    view -> view.version() >= version && view.catalogVersion() >= catalogVersion);
        }
        int policyVersion = commands.sendAndWait(new PublishRoutingPolicyCommand(RoutingPolicyId.of(RETAILER), RETAILER,
                2, 3, UnroutableAction.BACKORDER, RoutingWeights.balanced()));
        awaitDirectory(new FindRoutingPolicyQuery(RETAILER), RoutingPolicyView.class,
                policy -> policy.version() >= policyVersion);
        log.info("sandbox suppliers {} listening on {}", all().stream().map(DemoSupplier::id).toList(), sandboxUrl);
    }

    /** The supplier directory is a read model: it follows the commands above within moments. */
    private <T> void awaitDirectory(Object query, Class<T> type, Predicate<T> caughtUp) {
        long deadline = System.nanoTime() + DIRECTORY_WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                try {
                    Optional<T> answer = queries.query(query, ResponseTypes.optionalInstanceOf(type))
                            .get(5, TimeUnit.SECONDS);
                    if (answer.isPresent() && caughtUp.test(answer.get())) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    log.debug("supplier directory not readable yet: {}", e.toString());
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        log.warn("the supplier directory did not show {} within {}; orders may be backordered until it does", query,
                DIRECTORY_WAIT);
    }

    private static List<DemoSupplier> all() {
        var all = new ArrayList<>(SUPPLIERS);
        all.addAll(SHOPS);
        return all;
    }

    /** The shop domain of a simulated Shopify store. */
    public static String shopDomain(String supplierId) {
        return supplierId + ".myshopify.com";
    }

    public SupplierSandbox sandbox() {
        return sandbox;
    }

    /**
     * The sandbox is this deployment's own: its plain-http loopback origin may be a supplier's URL, and so may its
     * mutual TLS listener's when it serves one.
     */
    @Override
    public List<URI> origins() {
        var url = sandboxUrl;
        if (url == null) {
            return List.of();
        }
        var running = sandbox;
        var mutualTls = running == null ? Optional.<URI>empty() : running.mutualTlsBaseUrl();
        return mutualTls.map(tls -> List.of(url, tls)).orElseGet(() -> List.of(url));
    }

    /**
     * The simulated suppliers of the demo, and the extra partners and shops that tests register through the admin API,
     * with the development-only secrets the registrations above use.
     */
    public static List<SimulatedSupplier> simulatedSuppliers(double timeScale, List<String> extraSuppliers,
                                                             List<String> extraShops) {
        var profile = new BehaviourProfile(scaled(1500, timeScale), scaled(4000, timeScale), scaled(6000, timeScale),
                scaled(9000, timeScale), "DHL", false);
        var simulated = all().stream().map(s -> new SimulatedSupplier(s.id(), apiSecret(s.id()),
                webhookSecret(s.id()), profile,
                s.items().stream().map(i -> new StockLevel(i.supplierSku(), s.location().locationId(), i.stock())).toList(),
                s.shopDomain()))
                .collect(Collectors.toCollection(ArrayList::new));
        // simulated partners with no demo registration, for whoever registers them through the admin API (tests do)
        extraSuppliers.stream().filter(StringUtils::hasText).map(String::trim).forEach(id ->
                simulated.add(new SimulatedSupplier(id, apiSecret(id), webhookSecret(id), profile, List.of())));
        // simulated Shopify stores likewise, each with its shop domain
        extraShops.stream().filter(StringUtils::hasText).map(String::trim).forEach(id ->
                simulated.add(new SimulatedSupplier(id, apiSecret(id), webhookSecret(id), profile, List.of(),
                        shopDomain(id))));
        return simulated;
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    // Development-only secrets of simulated suppliers; real suppliers' secrets come through the admin API.
    private static String apiSecret(String supplierId) {
        return "sandbox-api-" + supplierId;
    }

    private static String webhookSecret(String supplierId) {
        return "sandbox-webhook-" + supplierId;
    }

    private static Duration scaled(long millis, double timeScale) {
        return Duration.ofMillis(Math.round(millis * timeScale));
    }
}
