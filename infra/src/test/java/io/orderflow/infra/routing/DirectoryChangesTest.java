package io.orderflow.infra.routing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryChangesTest {

    @Test
    void aChangedSupplierSweepsTheOrdersItCouldServe() {
        assertThat(DirectoryChanges.scopeOf("demo-retailer/berlin-gear"))
                .isEqualTo(new BackorderSweeps.OfSupplier(new SupplierId("berlin-gear")));
    }

    @Test
    void aChangedPolicySweepsTheRetailersOrders() {
        assertThat(DirectoryChanges.scopeOf("demo-retailer"))
                .isEqualTo(new BackorderSweeps.OfRetailer(new RetailerId("demo-retailer")));
    }

    @Test
    void aRebuiltDirectorySweepsEverything() {
        assertThat(DirectoryChanges.scopeOf("*")).isEqualTo(BackorderSweeps.Scope.EVERYTHING);
        assertThat(DirectoryChanges.scopeOf("")).isEqualTo(BackorderSweeps.Scope.EVERYTHING);
    }
}
