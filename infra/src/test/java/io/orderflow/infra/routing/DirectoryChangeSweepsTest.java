package io.orderflow.infra.routing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.SupplierDirectoryChanged;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryChangeSweepsTest {

    @Test
    void aChangedSupplierSweepsTheOrdersItCouldServe() {
        assertThat(DirectoryChangeSweeps.scopeOf(SupplierDirectoryChanged.fromPayload("demo-retailer/berlin-gear", "test")))
                .isEqualTo(new BackorderSweeps.OfSupplier(new SupplierId("berlin-gear")));
    }

    @Test
    void aChangedPolicySweepsTheRetailersOrders() {
        assertThat(DirectoryChangeSweeps.scopeOf(SupplierDirectoryChanged.fromPayload("demo-retailer", "test")))
                .isEqualTo(new BackorderSweeps.OfRetailer(new RetailerId("demo-retailer")));
    }

    @Test
    void aRebuiltDirectorySweepsEverything() {
        assertThat(DirectoryChangeSweeps.scopeOf(SupplierDirectoryChanged.fromPayload("*", "test"))).isEqualTo(BackorderSweeps.Scope.EVERYTHING);
        assertThat(DirectoryChangeSweeps.scopeOf(SupplierDirectoryChanged.fromPayload("", "test"))).isEqualTo(BackorderSweeps.Scope.EVERYTHING);
    }
}
