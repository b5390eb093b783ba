package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A supplier's catalog as an immutable map, indexed once when the {@link CandidateSupplier} is built, so that a
 * route reads arrays instead of walking hash maps (with 200 suppliers those walks were most of a route, each a chain
 * of cache misses: table, node, key, value):
 * <ul>
 * <li>entries are numbered, and an open-addressing table of (SKU hash, entry) pairs finds a SKU's entry; a SKU the
 * supplier does not list, the common case, costs one probe of that table;</li>
 * <li>each location's available-to-promise is read off per entry ({@link #stock}), in the order of
 * {@link CandidateSupplier#locations()}: one array read instead of a lookup by supplier SKU;</li>
 * <li>what scoring reads of an entry (units per item, unit cost, which entries share stock) sits in arrays too, so
 * that the items themselves are only opened for the allocations.</li>
 * </ul>
 * As a {@link Map} it behaves like the catalog it was built from (iteration, equality, hash code).
 */
final class CatalogIndex extends AbstractMap<Sku, CatalogItem> {

    private static final CatalogIndex EMPTY = new CatalogIndex(Map.of(), List.of());

    private final Map<Sku, CatalogItem> entries;
    private final Sku[] keys;
    private final CatalogItem[] items;
    private final int[] unitsPerItem;
    private final double[] unitCosts;
    private final int[] stockKeys;
    private final String currency;
    private final int[][] stock;
    /** (SKU hash << 32) | (entry + 1) per slot; 0 is an empty slot. */
    private final long[] slots;
    private final int shift;

    private CatalogIndex(Map<Sku, CatalogItem> catalog, List<Location> locations) {
        this.entries = catalog.isEmpty() ? Map.of() : Collections.unmodifiableMap(new HashMap<>(catalog));
        int size = entries.size();
        this.keys = new Sku[size];
        this.items = new CatalogItem[size];
        this.unitsPerItem = new int[size];
        this.unitCosts = new double[size];
        this.stockKeys = new int[size];
        int bits = Math.max(2, 32 - Integer.numberOfLeadingZeros(size * 2)); // at most half full
        this.shift = 32 - bits;
        this.slots = new long[1 << bits];
        int entry = 0;
        for (Map.Entry<Sku, CatalogItem> e : entries.entrySet()) {
            keys[entry] = e.getKey();
            CatalogItem item = e.getValue();
            items[entry] = item;
            unitsPerItem[entry] = item.unitsPerItem();
            unitCosts[entry] = item.unitCost().amount().doubleValue();
            int hash = e.getKey().hashCode();
            int slot = home(hash);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (slots.length - 1);
            }
            slots[slot] = ((long) hash << 32) | (entry + 1);
            entry++;
        }
        this.currency = size == 0 ? null : items[0].unitCost().currency();
        var firstWithSupplierSku = new HashMap<String, Integer>();
        for (int k = 0; k < size; k++) {
            Integer first = firstWithSupplierSku.putIfAbsent(items[k].supplierSku(), k);
            stockKeys[k] = first == null ? k : first;
        }
        this.stock = new int[locations.size()][];
        for (int l = 0; l < locations.size(); l++) {
            var available = locations.get(l).availableToPromise();
            int[] atp = new int[size];
            for (int k = 0; k < size; k++) {
                atp[k] = available.getOrDefault(items[k].supplierSku(), 0);
            }
            stock[l] = atp;
        }
    }

    static CatalogIndex of(Map<Sku, CatalogItem> catalog, List<Location> locations) {
        return catalog.isEmpty() && locations.isEmpty() ? EMPTY : new CatalogIndex(catalog, locations);
    }

    /** The entry number of {@code sku} ({@code hash} is its hash code), or -1 when the supplier does not list it. */
    int entryOf(Sku sku, int hash) {
        int mask = slots.length - 1;
        for (int slot = home(hash); ; slot = (slot + 1) & mask) {
            long pair = slots[slot];
            if (pair == 0) {
                return -1;
            }
            if ((int) (pair >>> 32) == hash) {
                int entry = (int) pair - 1;
                if (keys[entry].equals(sku)) {
                    return entry;
                }
            }
        }
    }

    CatalogItem item(int entry) {
        return items[entry];
    }

    int unitsPerItem(int entry) {
        return unitsPerItem[entry];
    }

    /** The entry's unit cost as a double, for scoring; landed costs use the exact amount of {@link #item}. */
    double unitCost(int entry) {
        return unitCosts[entry];
    }

    /** Entries drawing on the same stock (same supplier SKU, e.g. a single and a pack of 6) share a stock key. */
    int stockKey(int entry) {
        return stockKeys[entry];
    }

    /** The currency of every price in the catalog (a supplier prices in one); null for an empty catalog. */
    String currency() {
        return currency;
    }

    /** Available-to-promise per entry at the location at {@code locationPosition} in the supplier's list. */
    int[] stock(int locationPosition) {
        return stock[locationPosition];
    }

    /** Fibonacci hashing: sequential SKUs (SKU-0001, SKU-0002...) spread over the table instead of clustering. */
    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    @Override
    public CatalogItem get(Object key) {
        if (!(key instanceof Sku sku)) {
            return null;
        }
        int entry = entryOf(sku, sku.hashCode());
        return entry < 0 ? null : items[entry];
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public Set<Entry<Sku, CatalogItem>> entrySet() {
        return entries.entrySet();
    }
}
