package io.nslab.cli.capture.decode;

/**
 * What the decoder made of one frame: the summary line ({@code text}) and its parts for
 * scripts ({@code nslab capture --json}). {@code protocol} is the innermost one recognised
 * (arp, ipv4, ipv6, icmp, icmp6, tcp, udp, or the ethertype as ethertype-0xNNNN); a part the
 * frame does not have, or that was cut off, is null.
 */
public record Decoded(String protocol, String src, String dst, Integer srcPort, Integer dstPort, Integer icmpType,
                      String tcpFlags, String text) {
    static Decoded of(String protocol, String src, String dst, String text) {
        return new Decoded(protocol, src, dst, null, null, null, null, text);
    }
}
