package io.nslab.cli.kernel;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/**
 * What a holder keeps open per namespace (a handle, a socket, a batch), by the name or path it
 * knows the namespace by, at most {@code capacity} at once and in order of use: making room
 * hands the one used longest ago to {@code evict} (which sends what it must and closes it). A
 * holder of one per namespace met the session's limit on open files at 10,000 nodes; both
 * holders of a lab's namespaces ({@link KernelHandles}, pingall's neighbour deleter) bound
 * themselves with one of these, sized by {@link OpenFiles#namespacesToHold()}.
 */
public final class OpenNamespaces<V> {
    private final int capacity;
    private final Consumer<V> evict;
    /** Access-ordered: the first is the one used longest ago. */
    private final LinkedHashMap<String, V> open = new LinkedHashMap<>(64, 0.75f, true);

    public OpenNamespaces(int capacity, Consumer<V> evict) {
        this.capacity = capacity;
        this.evict = evict;
    }

    /** The most kept open at once. */
    public int capacity() { return capacity; }

    /** The value open for {@code key}, now the one used last; null if none is open. */
    public V get(String key) { return open.get(key); }

    /** Whether {@code more} fit without evicting any. */
    public boolean fits(int more) { return open.size() + more <= capacity; }

    /** Evicts those used longest ago until {@code more} fit. */
    public void makeRoom(int more) {
        var eldest = open.values().iterator();
        while (!fits(more) && eldest.hasNext()) {
            V v = eldest.next();
            eldest.remove();
            evict.accept(v);
        }
    }

    /** Keeps {@code value} for {@code key}; returns the one it replaces, if any (the caller closes it). */
    public V put(String key, V value) { return open.put(key, value); }

    /** Forgets {@code key}; returns its value, if any (the caller closes it). */
    public V remove(String key) { return open.remove(key); }

    public Collection<V> values() { return open.values(); }

    public int size() { return open.size(); }

    public void clear() { open.clear(); }
}
