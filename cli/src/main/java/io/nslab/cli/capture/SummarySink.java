package io.nslab.cli.capture;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.nslab.cli.capture.decode.Summary;

/** One line per packet: time (local, to the microsecond), the tap, in or out, and what the packet is. */
final class SummarySink implements Sink {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final List<Tap> taps;
    private final int width;

    SummarySink(PrintWriter out, List<Tap> taps) {
        this.out = out;
        this.taps = taps;
        this.width = taps.stream().mapToInt(t -> t.name().length()).max().orElse(0);
    }

    @Override
    public void packet(int tap, PacketSocket.Received p, ByteBuffer data) {
        Instant at = Instant.ofEpochSecond(0, p.epochNanos());
        String direction = p.outgoing() ? "out" : "in ";
        out.println(TIME.format(at) + " " + pad(taps.get(tap).name()) + " " + direction + " " + Summary.of(data, p.length()));
        out.flush();
    }

    private String pad(String name) {
        return name + " ".repeat(width - name.length());
    }

    @Override
    public void end(List<TapCount> counts) {
        // the command reports the counts
    }

    @Override
    public void close() {
        out.flush();
    }
}
