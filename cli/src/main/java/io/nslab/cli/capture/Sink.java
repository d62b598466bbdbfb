package io.nslab.cli.capture;

import java.nio.ByteBuffer;
import java.util.List;

/** Where captured packets go: a pcapng file or stream, or one summary line each. */
interface Sink extends AutoCloseable {
    /** A packet seen on tap number {@code tap}; {@code data} holds what was kept of it. */
    void packet(int tap, PacketSocket.Received packet, ByteBuffer data);

    /** The capture is over: what each tap's socket received and what the kernel dropped. */
    void end(List<TapCount> counts);

    @Override
    void close();
}
