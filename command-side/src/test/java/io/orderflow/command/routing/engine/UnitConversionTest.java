package io.orderflow.command.routing.engine;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.routing.engine.Fixtures.NEAR_PARIS;
import static io.orderflow.command.routing.engine.Fixtures.candidate;
import static io.orderflow.command.routing.engine.Fixtures.line;
import static io.orderflow.command.routing.engine.Fixtures.order;
import static io.orderflow.command.routing.engine.Fixtures.supplier;
import static org.assertj.core.api.Assertions.assertThat;

class UnitConversionTest {

    @Test
    void canAllocateAPackOfSixAsSixSupplierUnitsPerItem() {
        var packs = supplier("s").at("w1", NEAR_PARIS).sells("SIX-PACK", 6, "2.00").stock("SIX-PACK", 12);

        var decision = order(line("L1", "SIX-PACK", 2)).routedTo(packs);

        var allocated = decision.allocations().getFirst().lines().getFirst();
        assertThat(allocated.quantity()).isEqualTo(2);
        assertThat(allocated.supplierUnits()).isEqualTo(12);
        assertThat(allocated.supplierSku()).isEqualTo("s-SIX-PACK");
        assertThat(allocated.variantId()).isEqualTo("gid://variant/s-SIX-PACK");
        assertThat(allocated.catalogVersion()).isEqualTo(Fixtures.CATALOG_VERSION);
    }

    @Test
    void cannotAllocateAPackWhenStockCoversTheItemsButNotTheUnits() {
        var packs = supplier("s").at("w1", NEAR_PARIS).sells("SIX-PACK", 6, "2.00").stock("SIX-PACK", 10);

        var decision = order(line("L1", "SIX-PACK", 2)).routedTo(packs);

        assertThat(decision.allocations()).isEmpty();
        assertThat(candidate(decision, "s", "w1").reasons()).containsExactly("only 10 available, 12 needed for line L1");
    }

    @Test
    void canPriceAPackBySupplierUnits() {
        var packs = supplier("s").atRegion("w1", "FR", "IDF").sells("SIX-PACK", 6, "2.00").stock("SIX-PACK", 12);

        var decision = order(line("L1", "SIX-PACK", 2)).to(Fixtures.PARIS_WITHOUT_COORDINATES).routedTo(packs);

        // goods 12 units × 2.00, shipping 5.00 + 12 units × 150 km × 1.00 / 1000 km
        assertThat(decision.allocations().getFirst().landedCost()).isEqualTo(Fixtures.eur("30.80"));
    }
}
