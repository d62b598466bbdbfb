package io.nslab.topology.parse;

import java.util.regex.Pattern;

/** The naming rules of lab files (lab-format.md, "Names and errors"). */
public final class Names {
    public static final Pattern LAB = Pattern.compile("[a-z][a-z0-9-]{0,11}");
    public static final Pattern NODE = Pattern.compile("[a-z][a-z0-9-]{0,14}");
    /** IFNAMSIZ is 16 with the terminating NUL: 15 characters. */
    public static final Pattern IFNAME = Pattern.compile("[a-zA-Z0-9_.-]{1,15}");
    public static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    public static final String HOST = "host";

    private Names() {}

    /** Why {@code name} cannot be a bridge or interface name, or null. */
    public static String ifnameProblem(String name) {
        if (!IFNAME.matcher(name).matches()) {
            return "\"" + name + "\" is not an interface name: 1 to 15 characters of a-z A-Z 0-9 _ . -";
        }
        if (name.equals(".") || name.equals("..")) return "\"" + name + "\" is not an interface name (the kernel refuses . and ..)";
        if (name.equals("lo")) return "\"lo\" is the loopback interface every namespace already has";
        return null;
    }

    public static String labProblem(String name) {
        return LAB.matcher(name).matches() ? null
                : "\"" + name + "\" is not a lab name: a lowercase letter, then up to 11 of a-z 0-9 -";
    }

    public static String nodeProblem(String name) {
        if (name.equals(HOST)) return "\"host\" is reserved for the lab's host side";
        return NODE.matcher(name).matches() ? null
                : "\"" + name + "\" is not a node name: a lowercase letter, then up to 14 of a-z 0-9 -";
    }
}
