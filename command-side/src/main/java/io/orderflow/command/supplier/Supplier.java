package io.orderflow.command.supplier;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.PublishSupplierCatalogCommand;
import io.orderflow.coreapi.supplier.RegisterSupplierCommand;
import io.orderflow.coreapi.supplier.SupplierCatalogPublishedEvent;
import io.orderflow.coreapi.supplier.SupplierRegisteredEvent;

import java.util.HashSet;
import java.util.List;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A retailer's supplier: its settings and its versioned catalog. Only the retailer that registered it may change it. */
@Aggregate
public class Supplier {

    @AggregateIdentifier
    private SupplierId supplierId;
    private RetailerId retailerId;
    private int version;
    private SupplierRegisteredEvent settings;
    private int catalogVersion;
    private List<CatalogItem> catalog = List.of();

    protected Supplier() {
    }

    /** Answers the settings version in force after this command. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(RegisterSupplierCommand c) {
        requireOwner(c.retailerId());
        SupplierRules.requireValid(c);
        var next = new SupplierRegisteredEvent(c.supplierId(), c.retailerId(), version + 1, c.name(), c.connector(),
                List.copyOf(c.locations()), c.shipsTo(), c.handlingDays(), c.acceptanceSla(), c.dailyCapacity(),
                c.priority(), c.active());
        if (settings != null && sameSettings(settings, next)) {
            return version;
        }
        apply(next);
        return version;
    }

    /** Answers the catalog version in force after this command. */
    @CommandHandler
    public int handle(PublishSupplierCatalogCommand c) {
        requireOwner(c.retailerId());
        SupplierRules.requireValid(c.items());
        if (catalogVersion > 0 && new HashSet<>(catalog).equals(new HashSet<>(c.items()))) {
            return catalogVersion;
        }
        apply(new SupplierCatalogPublishedEvent(c.supplierId(), c.retailerId(), catalogVersion + 1, List.copyOf(c.items())));
        return catalogVersion;
    }

    private void requireOwner(RetailerId caller) {
        if (retailerId != null && !retailerId.equals(caller)) {
            throw new SupplierNotFound(supplierId);
        }
    }

    private static boolean sameSettings(SupplierRegisteredEvent a, SupplierRegisteredEvent b) {
        return a.name().equals(b.name()) && a.connector().equals(b.connector()) && a.locations().equals(b.locations())
                && a.shipsTo().equals(b.shipsTo()) && a.handlingDays() == b.handlingDays()
                && a.acceptanceSla().equals(b.acceptanceSla()) && a.dailyCapacity() == b.dailyCapacity()
                && a.priority() == b.priority() && a.active() == b.active();
    }

    @EventSourcingHandler
    void on(SupplierRegisteredEvent e) {
        supplierId = e.supplierId();
        retailerId = e.retailerId();
        version = e.version();
        settings = e;
    }

    @EventSourcingHandler
    void on(SupplierCatalogPublishedEvent e) {
        catalogVersion = e.version();
        catalog = e.items();
    }
}
