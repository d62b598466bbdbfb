package io.nslab.topology.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What happens to the packets leaving one end of a link: a rate (bit/s), a one-way delay and
 * its jitter (µs), a loss (percent). 0 is "none" for each; {@link #NONE} is an unimpaired end.
 */
public record Impairment(long rateBits, long delayMicros, long jitterMicros, double lossPercent) {
    public static final Impairment NONE = new Impairment(0, 0, 0, 0);

    @JsonIgnore // not a property: plan.json holds the four numbers only
    public boolean isNone() { return equals(NONE); }

    public boolean hasRate() { return rateBits > 0; }

    /** Delay, jitter or loss: what netem (or nslab's delay line where there is no netem) does. */
    public boolean delaysOrDrops() { return delayMicros > 0 || jitterMicros > 0 || lossPercent > 0; }

    /** As tc writes it: "rate 10mbit delay 20ms jitter 5ms loss 1%", or "none". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (hasRate()) parts.add("rate " + rate(rateBits));
        if (delayMicros > 0 || jitterMicros > 0) parts.add("delay " + time(delayMicros));
        if (jitterMicros > 0) parts.add("jitter " + time(jitterMicros));
        if (lossPercent > 0) parts.add("loss " + number(lossPercent) + "%");
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }

    /** A rate in tc's units: 10mbit, 1500kbit, 2gbit, 800bit. */
    public static String rate(long bits) {
        if (bits % 1_000_000_000 == 0) return bits / 1_000_000_000 + "gbit";
        if (bits % 1_000_000 == 0) return bits / 1_000_000 + "mbit";
        if (bits % 1_000 == 0) return bits / 1_000 + "kbit";
        return bits + "bit";
    }

    /** A time in tc's units: 20ms, 1.5ms, 250us, 2s. */
    public static String time(long micros) {
        if (micros % 1_000_000 == 0 && micros > 0) return micros / 1_000_000 + "s";
        if (micros % 1_000 == 0 || micros >= 1_000) return number(micros / 1000.0) + "ms";
        return micros + "us";
    }

    private static String number(double d) {
        if (d == Math.rint(d)) return Long.toString((long) d);
        return String.format(Locale.US, "%s", new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString());
    }
}
