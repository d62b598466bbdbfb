package io.nslab.topology.parse;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.topology.model.Limits;

/**
 * A node's {@code limits}: {@code { "memory": "64M", "cpus": 0.5, "pids": 100 }}, any subset,
 * as Docker's {@code --memory}, {@code --cpus} and {@code --pids-limit} take them.
 */
final class LimitsReader {
    /** Docker's form: a number and an optional unit b, k, m or g (powers of 1024), either case. */
    private static final Pattern MEMORY = Pattern.compile("([0-9]{1,13})([bBkKmMgG]?)");
    /** A node's init and the first program it runs need a few MiB; below this nothing would start. */
    static final long MEMORY_MIN = 4L << 20;
    static final long MEMORY_MAX = 1L << 50;
    /** The kernel's smallest CFS quota is 1 ms per 100 ms period. */
    static final double CPUS_MIN = 0.01;
    static final double CPUS_MAX = 1024;
    /** The node's init is one process, and forks once more as it starts: room for it and a few more. */
    static final int PIDS_MIN = 4;
    static final int PIDS_MAX = 4_194_304;

    private LimitsReader() {}

    static Limits read(JsonNode v, String path, Problems problems) {
        Obj o = Obj.of(v, path, problems, "resource limits", List.of("memory", "cpus", "pids"));
        if (o == null) return Limits.NONE;
        Long memory = o.has("memory") ? memory(o.raw("memory"), o.path("memory"), problems) : null;
        Double cpus = o.has("cpus") ? cpus(o.raw("cpus"), o.path("cpus"), problems) : null;
        Integer pids = o.integer("pids", PIDS_MIN, PIDS_MAX, "the most processes the node may have");
        return new Limits(memory, cpus, pids);
    }

    private static Long memory(JsonNode v, String path, Problems problems) {
        long bytes;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            bytes = v.longValue();
        } else if (v.isTextual()) {
            Matcher m = MEMORY.matcher(v.textValue());
            if (!m.matches()) {
                problems.add(path, "\"" + v.textValue() + "\" is not an amount of memory: a number of bytes with an optional unit k, m or g, like \"64M\"");
                return null;
            }
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            bytes = Long.parseLong(m.group(1));
            if (bytes > (MEMORY_MAX >> shift)) bytes = MEMORY_MAX + 1;
            else bytes <<= shift;
        } else {
            problems.add(path, "must be an amount of memory like \"64M\" (or a number of bytes), not " + Json.describe(v));
            return null;
        }
        if (bytes < MEMORY_MIN || bytes > MEMORY_MAX) {
            problems.add(path, v.asText() + " is out of range: a node's memory must be 4M to 1024T");
            return null;
        }
        return bytes;
    }

    private static Double cpus(JsonNode v, String path, Problems problems) {
        if (!v.isNumber()) {
            problems.add(path, "must be a number of CPUs like 0.5 (half a core), not " + Json.describe(v));
            return null;
        }
        double cpus = v.doubleValue();
        if (!(cpus >= CPUS_MIN && cpus <= CPUS_MAX)) {
            problems.add(path, v.asText() + " is out of range: cpus must be 0.01 to 1024");
            return null;
        }
        return cpus;
    }
}
