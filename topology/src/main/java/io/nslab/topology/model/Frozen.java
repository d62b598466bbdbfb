package io.nslab.topology.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unmodifiable copies that keep the file's order (allocation and default routes depend on
 * it), unlike {@code Map.copyOf}. Lists may hold nulls while a bad file is being checked.
 */
final class Frozen {
    private Frozen() {}

    static <K, V> Map<K, V> map(Map<K, V> m) { return Collections.unmodifiableMap(new LinkedHashMap<>(m)); }

    static <T> List<T> list(List<T> l) { return Collections.unmodifiableList(new ArrayList<>(l)); }
}
