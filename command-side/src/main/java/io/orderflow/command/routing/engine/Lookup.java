package io.orderflow.command.routing.engine;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Immutable copies for the maps and sets the engine looks into thousands of times per order. Not Map.copyOf: its
 * linear probing turns sequential keys (SKU-0001, SKU-0002...) into long clusters that every miss has to walk.
 */
final class Lookup {

    private Lookup() {
    }

    static <K, V> Map<K, V> mapOf(Map<K, V> source) {
        return source.isEmpty() ? Map.of() : Collections.unmodifiableMap(new HashMap<>(source));
    }

    static <T> Set<T> setOf(Set<T> source) {
        return source.isEmpty() ? Set.of() : Collections.unmodifiableSet(new HashSet<>(source));
    }
}
