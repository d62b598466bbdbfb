package io.nslab.netlink.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.nslab.netlink.ns.NetNs;

/**
 * Throwaway network namespaces for kernel tests, named {@code nst-<random>} and made with
 * this library; every one is closed and deleted again after each test, pass or fail.
 *
 * <pre>
 * {@literal @}RegisterExtension final ThrowawayNetns netns = new ThrowawayNetns();
 * ... NetNs a = netns.create(); NetNs b = netns.create();
 * </pre>
 * or, outside JUnit, {@code try (ThrowawayNetns t = new ThrowawayNetns()) { ... }}.
 */
public final class ThrowawayNetns implements AfterEachCallback, AutoCloseable {
    private final List<NetNs> created = new ArrayList<>();

    /** A new, empty namespace (loopback down), visible as /run/netns/nst-XXXXXXXX. */
    public synchronized NetNs create() {
        NetNs ns = NetNs.create(uniqueName());
        created.add(ns);
        return ns;
    }

    /** A name no namespace has: nst- and 8 random hex digits (15 characters at most, to be usable in interface names). */
    public static String uniqueName() {
        return "nst-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The namespaces created so far and not yet deleted. */
    public synchronized List<NetNs> created() {
        return List.copyOf(created);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Closes and deletes every namespace this object created (tolerating ones already gone). */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (NetNs ns : created) {
            try {
                ns.close();
                NetNs.delete(ns.name());
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        created.clear();
        if (first != null) throw first;
    }
}
