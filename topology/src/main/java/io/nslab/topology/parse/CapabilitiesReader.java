package io.nslab.topology.parse;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.nslab.topology.model.Capability;

/**
 * A node's {@code capabilities}: {@code { "add": [...], "drop": [...] }} over the node's default
 * set, as Docker's {@code --cap-add} and {@code --cap-drop} (names as capabilities(7) writes
 * them, with or without {@code CAP_}, either case; {@code "ALL"} for every one), and
 * {@code "privileged": true}, Docker's {@code --privileged}.
 */
final class CapabilitiesReader {
    static final String ALL = "ALL";

    private CapabilitiesReader() {}

    /** The node's set, or null when it is privileged (every capability). */
    static Set<Capability> read(Obj node, Problems problems) {
        Boolean privileged = node.bool("privileged");
        if (Boolean.TRUE.equals(privileged)) {
            if (node.has("capabilities")) {
                problems.add(node.path("capabilities"), "a privileged node has every capability: leave capabilities out, or privileged");
            }
            return null;
        }
        EnumSet<Capability> set = EnumSet.copyOf(node.has("user") ? Capability.MAPPED_NODE_DEFAULT : Capability.NODE_DEFAULT);
        if (!node.has("capabilities")) return set;
        Obj o = Obj.of(node.raw("capabilities"), node.path("capabilities"), problems, "capabilities to add and drop",
                List.of("add", "drop"));
        if (o == null) return set;
        EnumSet<Capability> add = EnumSet.noneOf(Capability.class), drop = EnumSet.noneOf(Capability.class);
        boolean addAll = names(o, "add", add, problems), dropAll = names(o, "drop", drop, problems);
        // Docker's order: ALL first, then the single names (--cap-drop ALL --cap-add NET_RAW: NET_RAW alone).
        if (addAll) set = EnumSet.allOf(Capability.class);
        if (dropAll) set.clear();
        for (Capability c : add) {
            if (drop.contains(c)) problems.add(o.path("drop"), c.name() + " is both added and dropped; say it once");
        }
        set.addAll(add);
        set.removeAll(drop);
        return set;
    }

    /** Reads the names under key into out; true when they include ALL. */
    private static boolean names(Obj o, String key, Set<Capability> out, Problems problems) {
        List<JsonNode> a = o.array(key, "of capability names, like \"NET_ADMIN\" or \"CAP_SYS_TIME\"");
        if (a == null) return false;
        boolean all = false;
        for (int i = 0; i < a.size(); i++) {
            String p = Problems.index(o.path(key), i);
            String name = Json.string(a.get(i), p, "a capability name", problems);
            if (name == null) continue;
            if (name.equalsIgnoreCase(ALL)) {
                all = true;
                continue;
            }
            Capability c = Capability.byName(name);
            if (c == null) {
                problems.add(p, "\"" + name + "\" is not a capability (capabilities(7) names them, like NET_ADMIN or CAP_SYS_TIME)"
                        + suggestion(name));
            } else {
                out.add(c);
            }
        }
        return all;
    }

    /** "; did you mean X?" for a name one or two letters off a capability's, or nothing. */
    private static String suggestion(String name) {
        String n = name.toUpperCase(java.util.Locale.ROOT).replaceFirst("^CAP_", "");
        for (Capability c : Capability.values()) {
            if (distance(n, c.name()) <= 2) return "; did you mean " + c.name() + "?";
        }
        return "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
