package io.nslab.topology.parse;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.topology.model.Impair;
import io.nslab.topology.model.Impairment;

/**
 * Reads an {@code impair} object: {@code { "rate": "10mbit", "delay": "20ms", "jitter": "5ms",
 * "loss": "1%" }} for both directions, or {@code { "out": {...}, "in": {...} }} per direction,
 * in tc's units. Every error is reported with its path. Also parses the same values given on
 * the command line ({@code nslab link --delay 20ms}).
 */
public final class ImpairReader {
    static final List<String> KEYS = List.of("rate", "delay", "jitter", "loss");
    /** tbf keeps the rate in bytes a second in 32 bits. */
    public static final long MAX_RATE = 32_000_000_000L;
    /** 10 s: far more than any lab needs, and well inside netem's 32-bit ticks (274 s). */
    public static final long MAX_TIME = 10_000_000;

    private static final Pattern NUMBER_UNIT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([a-z%]*)");
    private static final Map<String, Long> RATE_UNITS = Map.of("bit", 1L, "kbit", 1_000L, "mbit", 1_000_000L, "gbit", 1_000_000_000L);
    private static final Map<String, Long> TIME_UNITS = Map.of("us", 1L, "ms", 1_000L, "s", 1_000_000L);

    private ImpairReader() {}

    /** The impair object at {@code path}; problems go to {@code problems} and make it {@link Impair#NONE}. */
    static Impair read(JsonNode v, String path, Problems problems) {
        int before = problems.list().size();
        Obj o = Obj.of(v, path, problems, "an impairment", List.of("rate", "delay", "jitter", "loss", "out", "in"));
        if (o == null) return Impair.NONE;
        boolean perDirection = o.has("out") || o.has("in");
        Impair out;
        if (perDirection) {
            for (String k : KEYS) {
                if (o.has(k)) problems.add(o.path(k), "give " + k + " inside \"out\" or \"in\" when the directions are given apart");
            }
            out = new Impair(o.has("out") ? one(o.raw("out"), o.path("out"), problems) : Impairment.NONE,
                    o.has("in") ? one(o.raw("in"), o.path("in"), problems) : Impairment.NONE);
        } else {
            Impairment both = values(o, problems);
            out = new Impair(both, both);
        }
        return problems.list().size() > before ? Impair.NONE : out;
    }

    private static Impairment one(JsonNode v, String path, Problems problems) {
        Obj o = Obj.of(v, path, problems, "an impairment of one direction", KEYS);
        return o == null ? Impairment.NONE : values(o, problems);
    }

    private static Impairment values(Obj o, Problems problems) {
        Long rate = o.has("rate") ? check(o, "rate", problems) : null;
        Long delay = o.has("delay") ? check(o, "delay", problems) : null;
        Long jitter = o.has("jitter") ? check(o, "jitter", problems) : null;
        Double loss = null;
        if (o.has("loss")) {
            String s = o.string("loss");
            if (s != null) {
                String problem = lossProblem(s);
                if (problem != null) problems.add(o.path("loss"), problem);
                else loss = loss(s);
            }
        }
        if (jitter != null && jitter > 0 && delay == null) problems.add(o.path("jitter"), "jitter varies a delay: give \"delay\" too");
        return new Impairment(rate == null ? 0 : rate, delay == null ? 0 : delay, jitter == null ? 0 : jitter, loss == null ? 0 : loss);
    }

    private static Long check(Obj o, String key, Problems problems) {
        String s = o.string(key);
        if (s == null) return null;
        String problem = key.equals("rate") ? rateProblem(s) : timeProblem(s);
        if (problem != null) {
            problems.add(o.path(key), problem);
            return null;
        }
        return key.equals("rate") ? rate(s) : time(s);
    }

    /** Why {@code s} is not a rate ("10mbit"), or null. */
    public static String rateProblem(String s) {
        Long bits = scaled(s, RATE_UNITS);
        if (bits == null) return "\"" + s + "\" is not a rate: a number and bit, kbit, mbit or gbit, like \"10mbit\"";
        if (bits < 8_000 || bits > MAX_RATE) return "\"" + s + "\" is out of range: 8kbit to 32gbit";
        return null;
    }

    /** Why {@code s} is not a time ("20ms"), or null. */
    public static String timeProblem(String s) {
        Long micros = scaled(s, TIME_UNITS);
        if (micros == null) return "\"" + s + "\" is not a time: a number and us, ms or s, like \"20ms\"";
        if (micros > MAX_TIME) return "\"" + s + "\" is out of range: 0 to 10s";
        return null;
    }

    /** Why {@code s} is not a loss ("1%", "0.5%"), or null. */
    public static String lossProblem(String s) {
        Matcher m = NUMBER_UNIT.matcher(s);
        if (!m.matches() || !m.group(2).equals("%")) return "\"" + s + "\" is not a loss: a percentage, like \"1%\" or \"0.5%\"";
        if (Double.parseDouble(m.group(1)) > 100) return "\"" + s + "\" is out of range: 0% to 100%";
        return null;
    }

    public static long rate(String s) { return scaled(s, RATE_UNITS); }

    public static long time(String s) { return scaled(s, TIME_UNITS); }

    public static double loss(String s) { return Double.parseDouble(s.substring(0, s.length() - 1)); }

    private static Long scaled(String s, Map<String, Long> units) {
        Matcher m = NUMBER_UNIT.matcher(s);
        if (!m.matches()) return null;
        Long unit = units.get(m.group(2));
        if (unit == null || m.group(1).length() > 15) return null;
        double value = Double.parseDouble(m.group(1)) * unit;
        if (value != Math.rint(value)) return null; // less than the unit's smallest step (1 bit, 1 µs)
        return (long) value;
    }
}
