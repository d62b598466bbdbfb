package io.nslab.netlink.socket;

import java.nio.ByteBuffer;

/**
 * TEST SEAM, with no implementation in nslab itself: what every netlink send passes by, so the
 * reliability tests can make the kernel refuse the Nth message nslab sends (in the middle of a
 * batch, batching unchanged) or have nslab die right after sending it. Nothing in the release
 * jar installs a hook; a test installs one in its own JVM, or in nslab's through a Java agent
 * of the test build (docs/guarantees.md). Uninstalled, a send costs one volatile read.
 */
public final class SendSeam {
    /** Sees each send: the bytes (one or more netlink messages, aligned) before they go, and after. */
    public interface Hook {
        /** {@code buffer} holds {@code length} bytes of messages from position 0; a hook may change them. */
        void beforeSend(ByteBuffer buffer, int length);

        void afterSend();
    }

    private static volatile Hook hook;

    private SendSeam() {}

    public static void install(Hook h) {
        hook = h;
    }

    static Hook hook() {
        return hook;
    }
}
