package io.nslab.core;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import io.nslab.netlink.sys.InNamespace;
import io.nslab.netlink.sys.Sys;

/**
 * A network namespace for one test, pinned at /run/netns/nst-..., removed by close().
 * Temporary: the netlink module's NetNs replaces it once merged.
 */
final class ThrowawayNetns implements AutoCloseable {
    final String name = "nst-" + UUID.randomUUID().toString().substring(0, 8);
    final Path file = Path.of("/run/netns", name);

    ThrowawayNetns() {
        InNamespace.call(List.of(), () -> {
            Sys.unshare(Sys.CLONE_NEWNET);
            return NsPin.pin(NsRef.ofThread(NsKind.NET), file);
        });
    }

    String path() { return file.toString(); }

    @Override
    public void close() {
        NsPin.release(file);
    }
}
