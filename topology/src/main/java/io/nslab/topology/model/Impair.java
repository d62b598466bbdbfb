package io.nslab.topology.model;

/**
 * The impairment of an interface or link both ways: {@code out} is what leaves the interface
 * (on a link: the first endpoint), {@code in} what arrives at it. Each is applied to the
 * egress of the end it leaves from, so no ingress queue (ifb) is needed.
 */
public record Impair(Impairment out, Impairment in) {
    public static final Impair NONE = new Impair(Impairment.NONE, Impairment.NONE);

    public boolean isNone() { return out.isNone() && in.isNone(); }

    /** Seen from the other end: out and in swapped. */
    public Impair reversed() { return new Impair(in, out); }
}
