package io.nslab.cli.capture;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nslab.cli.capture.decode.Decoded;
import io.nslab.cli.capture.decode.Summary;

/**
 * {@code nslab capture --json}: one JSON object per line, per packet ({@code "type": "packet"}:
 * time, interface, direction, lengths, and the decoder's parts), and a last one when the
 * capture ends ({@code "type": "end"}: the counts of {@link #end}), so a script reading the
 * stream as it comes knows when it is whole.
 */
final class JsonSink implements Sink {
    private final PrintWriter out;
    private final List<Tap> taps;

    JsonSink(PrintWriter out, List<Tap> taps) {
        this.out = out;
        this.taps = taps;
    }

    @Override
    public void packet(int tap, PacketSocket.Received p, ByteBuffer data) {
        Decoded d = Summary.decode(data, p.length());
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "packet")
                .put("time", Instant.ofEpochSecond(0, p.epochNanos()).toString()).put("time_ns", p.epochNanos())
                .put("interface", taps.get(tap).name()).put("direction", p.outgoing() ? "out" : "in")
                .put("length", p.length()).put("captured", p.kept()).put("protocol", d.protocol());
        if (d.src() != null) o.put("src", d.src()).put("dst", d.dst());
        if (d.srcPort() != null) o.put("src_port", d.srcPort()).put("dst_port", d.dstPort());
        if (d.icmpType() != null) o.put("icmp_type", d.icmpType());
        if (d.tcpFlags() != null) o.put("tcp_flags", d.tcpFlags());
        out.println(o.put("summary", d.text()));
        out.flush();
    }

    @Override
    public void end(List<TapCount> counts) {
        out.println(CaptureRun.reportJson(counts));
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
