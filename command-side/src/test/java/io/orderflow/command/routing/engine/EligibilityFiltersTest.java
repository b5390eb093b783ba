package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Agreement;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.routing.engine.Fixtures.LYON;
import static io.orderflow.command.routing.engine.Fixtures.NEAR_PARIS;
import static io.orderflow.command.routing.engine.Fixtures.PRIORITY_ONLY;
import static io.orderflow.command.routing.engine.Fixtures.allocations;
import static io.orderflow.command.routing.engine.Fixtures.candidate;
import static io.orderflow.command.routing.engine.Fixtures.line;
import static io.orderflow.command.routing.engine.Fixtures.order;
import static io.orderflow.command.routing.engine.Fixtures.stocked;
import static io.orderflow.command.routing.engine.Fixtures.supplier;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each filter against a supplier that would otherwise win (best priority, first id), with a worse fallback that
 * passes: the filtered one must be excluded with exactly the filter's reason.
 */
class EligibilityFiltersTest {

    static Fixtures.Order oneLine() {
        return order(line("L1", "A", 2)).weights(PRIORITY_ONLY);
    }

    static Fixtures.SupplierFixture preferred() {
        return stocked("a-preferred", NEAR_PARIS, "A").rank(1);
    }

    static Fixtures.SupplierFixture fallback() {
        return stocked("b-fallback", LYON, "A").rank(5);
    }

    static void assertExcludedFor(RoutingDecision decision, String... reasons) {
        var excluded = candidate(decision, "a-preferred", "w1");
        assertThat(excluded.eligible()).isFalse();
        assertThat(excluded.reasons()).containsExactly(reasons);
        assertThat(excluded.score()).isNull();
        assertThat(allocations(decision)).containsExactly("b-fallback@w1: L1");
    }

    @Test
    void canRouteToThePreferredSupplierWhenNoFilterApplies() {
        var decision = oneLine().routedTo(preferred(), fallback());

        assertThat(allocations(decision)).containsExactly("a-preferred@w1: L1");
        assertThat(candidate(decision, "a-preferred", "w1").reasons()).isEmpty();
    }

    @Test
    void cannotRouteToAPausedSupplier() {
        assertExcludedFor(oneLine().routedTo(preferred().paused(), fallback()), "supplier is paused");
    }

    @Test
    void cannotRouteToASupplierWhoseCircuitIsOpen() {
        assertExcludedFor(oneLine().routedTo(preferred().circuitOpen(), fallback()), "circuit open");
    }

    @Test
    void cannotRouteToASupplierThatDoesNotShipToTheDestination() {
        assertExcludedFor(oneLine().routedTo(preferred().shipsTo("DE", "BE"), fallback()), "does not ship to FR");
    }

    @Test
    void cannotRouteASkuWithoutACatalogEntry() {
        var noEntry = supplier("a-preferred").rank(1).at("w1", NEAR_PARIS).sells("B").stock("B", 100);

        assertExcludedFor(oneLine().routedTo(noEntry, fallback()), "no catalog entry for A");
    }

    @Test
    void cannotRouteALineWithoutStockForTheWholeLine() {
        var short3 = supplier("a-preferred").rank(1).at("w1", NEAR_PARIS).sells("A").stock("A", 3);

        assertExcludedFor(order(line("L1", "A", 6)).weights(PRIORITY_ONLY).routedTo(short3, fallback()),
                "only 3 available, 6 needed for line L1");
    }

    @Test
    void cannotRouteASkuThatALocationDoesNotStock() {
        var unstocked = supplier("a-preferred").rank(1).sells("A").at("w1", NEAR_PARIS);

        assertExcludedFor(oneLine().routedTo(unstocked, fallback()), "only 0 available, 2 needed for line L1");
    }

    @Test
    void cannotRouteToASupplierAtItsDailyCapacity() {
        assertExcludedFor(oneLine().routedTo(preferred().capacity(200, 200), fallback()),
                "daily capacity reached (200/200)");
    }

    @Test
    void cannotRouteASkuExcludedByTheAgreement() {
        var agreement = new Agreement(Set.of(new Sku("A")), Set.of(), Set.of());

        assertExcludedFor(oneLine().routedTo(preferred().agreement(agreement), fallback()),
                "excluded by agreement for A");
    }

    @Test
    void cannotRouteToARegionExcludedByTheAgreement() {
        var agreement = new Agreement(Set.of(), Set.of("IDF"), Set.of());

        assertExcludedFor(oneLine().routedTo(preferred().agreement(agreement), fallback()),
                "excluded by agreement for region IDF");
    }

    @Test
    void cannotRouteToACountryExcludedByTheAgreement() {
        var agreement = new Agreement(Set.of(), Set.of("FR"), Set.of());

        assertExcludedFor(oneLine().to(new Destination("FR", null, "Paris", null, null))
                .routedTo(preferred().agreement(agreement), fallback()), "excluded by agreement for region FR");
    }

    @Test
    void cannotRouteAChannelExcludedByTheAgreement() {
        var agreement = new Agreement(Set.of(), Set.of(), Set.of("marketplace"));

        assertExcludedFor(oneLine().channel("marketplace").routedTo(preferred().agreement(agreement), fallback()),
                "excluded by agreement for channel marketplace");
    }

    @Test
    void cannotRouteToASourceThatAlreadyFailedOnThisOrder() {
        assertExcludedFor(oneLine().excluding("a-preferred", "w1").routedTo(preferred(), fallback()),
                "already failed on this order");
    }

    @Test
    void canStillUseAnotherLocationOfASupplierWhoseSourceFailed() {
        var twoLocations = preferred().at("w2", LYON).stock("A", 100);

        var decision = oneLine().excluding("a-preferred", "w1").routedTo(twoLocations, fallback());

        assertThat(allocations(decision)).containsExactly("a-preferred@w2: L1");
    }

    @Test
    void canGiveOneReasonPerFailedFilter() {
        var decision = oneLine().routedTo(preferred().paused().circuitOpen().shipsTo("DE"), fallback());

        assertExcludedFor(decision, "supplier is paused", "circuit open", "does not ship to FR");
    }

    @Test
    void canServeTheLinesOfAPartlyStockedSourceAndSayWhichItCannot() {
        var partly = supplier("a-preferred").at("w1", NEAR_PARIS).sells("A").stock("A", 10).sells("B").stock("B", 1);

        var decision = order(line("L1", "A", 2), line("L2", "B", 4)).routedTo(partly);

        var partlyStocked = candidate(decision, "a-preferred", "w1");
        assertThat(partlyStocked.eligible()).isTrue();
        assertThat(partlyStocked.servableLineIds()).containsExactly("L1");
        assertThat(partlyStocked.reasons()).containsExactly("only 1 available, 4 needed for line L2");
    }

    @Test
    void cannotPromiseTheSameSupplierStockToTwoLines() {
        var shared = supplier("a-preferred").at("w1", NEAR_PARIS).sells("SINGLE").stock("SINGLE", 9);
        // a pack of 6 drawn from the same supplier SKU as the single item
        shared.catalog.put(new Sku("PACK"),
                new CatalogItem(new Sku("PACK"), shared.supplierSku("SINGLE"), "v", 6, Fixtures.eur("10.00")));

        var decision = order(line("L1", "SINGLE", 4), line("L2", "PACK", 1)).maxSuppliers(2).routedTo(shared);

        assertThat(allocations(decision)).containsExactly("a-preferred@w1: L1");
        assertThat(candidate(decision, "a-preferred", "w1").reasons())
                .containsExactly("only 5 available after earlier lines, 6 needed for line L2");
    }

    @Test
    void canCountOnlyWhatEarlierLinesDrewAtTheSameLocation() {
        var shared = supplier("a-preferred").sells("SINGLE")
                .at("w1", NEAR_PARIS).stock("SINGLE", 20)
                .at("w2", NEAR_PARIS).stock("SINGLE", 7);
        shared.catalog.put(new Sku("PACK"),
                new CatalogItem(new Sku("PACK"), shared.supplierSku("SINGLE"), "v", 6, Fixtures.eur("10.00")));

        var decision = order(line("L1", "SINGLE", 8), line("L2", "PACK", 1)).routedTo(shared);

        // w2 cannot take L1 (7 < 8), so nothing is drawn there before L2 needs its 6
        assertThat(candidate(decision, "a-preferred", "w2").servableLineIds()).containsExactly("L2");
    }
}
