package io.orderflow.command.supplier;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.PublishSupplierCatalogCommand;
import io.orderflow.coreapi.supplier.RegisterSupplierCommand;
import io.orderflow.coreapi.supplier.SupplierCatalogPublishedEvent;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierRegisteredEvent;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SupplierTest {

    static final SupplierId ID = new SupplierId("acme");
    static final RetailerId RETAILER = new RetailerId("r1");
    static final SupplierConnector REST = new SupplierConnector("PARTNER_REST", "http://acme.example", null, null);
    static final List<SupplierLocation> LOCATIONS = List.of(new SupplierLocation("berlin", 52.5, 13.4, "DE", "BE"));
    static final List<CatalogItem> CATALOG = List.of(
            new CatalogItem(new Sku("SOCKS"), "A-SOCK", null, 6, new Money(BigDecimal.ONE, "EUR")));

    FixtureConfiguration<Supplier> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Supplier.class);
    }

    static RegisterSupplierCommand register(RetailerId retailer, int priority) {
        return new RegisterSupplierCommand(ID, retailer, "Acme", REST, LOCATIONS, Set.of("DE"), 1, Duration.ofMinutes(30),
                100, priority, true);
    }

    static SupplierRegisteredEvent registered(int version, int priority) {
        return new SupplierRegisteredEvent(ID, RETAILER, version, "Acme", REST, LOCATIONS, Set.of("DE"), 1,
                Duration.ofMinutes(30), 100, priority, true);
    }

    @Test
    void canRegisterASupplier() {
        fixture.givenNoPriorActivity().when(register(RETAILER, 1)).expectEvents(registered(1, 1))
                .expectResultMessagePayload(1);
    }

    @Test
    void canUpdateASupplierAsANewVersion() {
        fixture.given(registered(1, 1)).when(register(RETAILER, 2)).expectEvents(registered(2, 2))
                .expectResultMessagePayload(2);
    }

    @Test
    void canIgnoreARegistrationThatChangesNothing() {
        fixture.given(registered(1, 1)).when(register(RETAILER, 1)).expectSuccessfulHandlerExecution().expectNoEvents()
                .expectResultMessagePayload(1);
    }

    @Test
    void cannotChangeAnotherRetailersSupplier() {
        fixture.given(registered(1, 1)).when(register(new RetailerId("r2"), 1)).expectException(SupplierNotFound.class);
    }

    @Test
    void cannotRegisterWithoutLocations() {
        fixture.givenNoPriorActivity()
                .when(new RegisterSupplierCommand(ID, RETAILER, "Acme", REST, List.of(), Set.of("DE"), 1,
                        Duration.ofMinutes(30), 100, 1, true))
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void canPublishVersionedCatalogs() {
        var next = List.of(new CatalogItem(new Sku("SOCKS"), "A-SOCK-2", null, 6, new Money(BigDecimal.TEN, "EUR")));
        fixture.given(registered(1, 1), new SupplierCatalogPublishedEvent(ID, RETAILER, 1, CATALOG))
                .when(new PublishSupplierCatalogCommand(ID, RETAILER, next))
                .expectEvents(new SupplierCatalogPublishedEvent(ID, RETAILER, 2, next))
                .expectResultMessagePayload(2);
    }

    @Test
    void cannotPublishACatalogWithARepeatedSku() {
        fixture.given(registered(1, 1))
                .when(new PublishSupplierCatalogCommand(ID, RETAILER, List.of(CATALOG.getFirst(), CATALOG.getFirst())))
                .expectException(IllegalArgumentException.class);
    }
}
